package io.paramant.relay.keys;

import io.paramant.relay.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * The public keys of one device, validated: an ML-KEM-768 encapsulation key (1184 bytes), an
 * optional P-256 key (65 bytes, SEC1 uncompressed, a point on the curve) and an optional ML-DSA-65
 * key (1952 bytes). Immutable; arrays are copied out.
 *
 * <p>The fingerprint is the lowercase hex SHA3-256 of {@code ml_kem || p256 || ml_dsa}, each key
 * omitted when absent: the same value the client's {@code PublicKeys.fingerprint()} computes. The
 * keys have fixed, different lengths, so every combination concatenates unambiguously.
 */
public final class PublicKeySet {

  public static final int ML_KEM_768_LENGTH = 1184;
  public static final int P256_LENGTH = 65;
  public static final int ML_DSA_65_LENGTH = 1952;

  private static final HexFormat HEX = HexFormat.of();
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

  private final byte[] mlKem;
  private final byte[] ecdh;
  private final byte[] mlDsa;
  private final byte[] fingerprint;

  private PublicKeySet(byte[] mlKem, byte[] ecdh, byte[] mlDsa) {
    this.mlKem = mlKem;
    this.ecdh = ecdh;
    this.mlDsa = mlDsa;
    this.fingerprint = sha3(mlKem, ecdh, mlDsa);
  }

  /**
   * Decodes and validates keys as a client sends them. Each key is hex when it is exactly twice its
   * byte length of hex digits (either case), and otherwise must be canonical, padded, standard
   * base64 (RFC 4648 §4): the two forms never have the same length, so no text is ambiguous.
   *
   * @param mlKem768 required
   * @param p256 {@code null} for an ML-KEM-only device
   * @param mlDsa65 {@code null} for a device that cannot sign
   * @throws InvalidInputException {@code missing_field}, {@code invalid_key_encoding}, {@code
   *     invalid_key_length} or {@code invalid_key} (not a valid key of its algorithm)
   */
  public static PublicKeySet decode(String mlKem768, String p256, String mlDsa65) {
    if (mlKem768 == null) {
      throw new InvalidInputException("missing_field", "kyber_pub (or kem_pub) is required.");
    }
    byte[] kem = decodeKey("kyber_pub", mlKem768, ML_KEM_768_LENGTH);
    byte[] ecdh = p256 == null ? null : decodeKey("ecdh_pub", p256, P256_LENGTH);
    byte[] dsa = mlDsa65 == null ? null : decodeKey("dsa_pub", mlDsa65, ML_DSA_65_LENGTH);
    return of(kem, ecdh, dsa);
  }

  /**
   * Validates decoded keys.
   *
   * @throws InvalidInputException {@code invalid_key_length} or {@code invalid_key}
   */
  public static PublicKeySet of(byte[] mlKem768, byte[] p256, byte[] mlDsa65) {
    requireLength("kyber_pub", mlKem768, ML_KEM_768_LENGTH);
    try {
      // Bouncy Castle performs the FIPS 203 §7.2 modulus check of the encapsulation key here.
      new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, mlKem768);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "invalid_key",
          "kyber_pub is not an ML-KEM-768 encapsulation key (it fails the FIPS 203 modulus check).");
    }
    if (p256 != null) {
      requireLength("ecdh_pub", p256, P256_LENGTH);
      if (p256[0] != 0x04) {
        throw new InvalidInputException(
            "invalid_key", "ecdh_pub must be an uncompressed SEC1 point (starting with 0x04).");
      }
      try {
        P256.getCurve().decodePoint(p256); // rejects coordinates off the curve
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("invalid_key", "ecdh_pub is not a point on P-256.");
      }
    }
    if (mlDsa65 != null) {
      requireLength("dsa_pub", mlDsa65, ML_DSA_65_LENGTH);
    }
    return new PublicKeySet(
        mlKem768.clone(),
        p256 == null ? null : p256.clone(),
        mlDsa65 == null ? null : mlDsa65.clone());
  }

  /** The ML-KEM-768 encapsulation key (a copy). */
  public byte[] mlKem() {
    return mlKem.clone();
  }

  /** The P-256 key (a copy), absent for an ML-KEM-only device. */
  public Optional<byte[]> ecdh() {
    return Optional.ofNullable(ecdh).map(byte[]::clone);
  }

  /** The ML-DSA-65 key (a copy), absent for a device that cannot sign. */
  public Optional<byte[]> mlDsa() {
    return Optional.ofNullable(mlDsa).map(byte[]::clone);
  }

  /** Whether the device has both keys of the hybrid envelope (ML-KEM-768 and P-256). */
  public boolean hybrid() {
    return ecdh != null;
  }

  /** SHA3-256 over the concatenated keys, as 64 lowercase hex digits. */
  public String fingerprint() {
    return HEX.formatHex(fingerprint);
  }

  /** The fingerprint's 32 bytes (a copy): the subject of the registration's log leaf. */
  public byte[] fingerprintBytes() {
    return fingerprint.clone();
  }

  @Override
  public boolean equals(Object other) {
    // Public keys, not secrets; still compared in full, never short-circuited on the fingerprint.
    return other instanceof PublicKeySet that
        && MessageDigest.isEqual(mlKem, that.mlKem)
        && Arrays.equals(ecdh, that.ecdh)
        && Arrays.equals(mlDsa, that.mlDsa);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "PublicKeySet[fingerprint=" + fingerprint() + ", hybrid=" + hybrid() + "]";
  }

  /**
   * One key as a client sends it: hex of exactly {@code 2 * length} digits, or canonical padded
   * standard base64 of {@code length} bytes. Only the encoding and the length are checked here.
   *
   * @throws InvalidInputException {@code invalid_key_encoding} or {@code invalid_key_length}
   */
  public static byte[] decodeKey(String field, String text, int length) {
    if (text.length() == 2 * length && isHex(text)) {
      return HEX.parseHex(text);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw notEncoded(field, length);
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      // unpadded, or non-zero bits after the last byte: not the one canonical form
      throw notEncoded(field, length);
    }
    requireLength(field, bytes, length);
    return bytes;
  }

  private static void requireLength(String field, byte[] key, int length) {
    if (key.length != length) {
      throw new InvalidInputException(
          "invalid_key_length", field + " has " + key.length + " bytes; send " + forms(length));
    }
  }

  private static InvalidInputException notEncoded(String field, int length) {
    return new InvalidInputException(
        "invalid_key_encoding",
        field + " is neither hex nor canonical padded standard base64; send " + forms(length));
  }

  private static String forms(int length) {
    return length
        + " bytes as "
        + (2 * length)
        + " hex digits or "
        + (4 * ((length + 2) / 3))
        + " base64 characters.";
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha3(byte[]... keys) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (byte[] key : keys) {
        if (key != null) {
          sha3.update(key);
        }
      }
      return sha3.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }
}
