package io.paramant.client;

import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.crypto.P256;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.util.encoders.Base32;

/**
 * The public keys of one device, in the wire formats of the relay's {@code /v2/pubkey} API: an
 * ML-KEM-768 encapsulation key (1184 bytes), a P-256 key (65 bytes, SEC1 uncompressed) and,
 * optionally, an ML-DSA-65 key (1952 bytes). Immutable; every key is validated when the value is
 * made (length, the FIPS 203 modulus check of the ML-KEM key, the P-256 point on the curve), so a
 * {@code PublicKeys} is always usable.
 *
 * <p>Two identifiers are derived from the keys:
 *
 * <ul>
 *   <li>{@link #fingerprint()}: lowercase hex of SHA3-256(ml_kem || p256 || ml_dsa), the ML-DSA key
 *       omitted when absent. The three keys have fixed lengths, so the concatenation is
 *       unambiguous. It is what a person compares out of band and what pins a device's key set.
 *   <li>{@link #did()}: {@code did:paramant:} followed by the lowercase, unpadded RFC 4648 base32
 *       of the first 20 bytes of SHA3-256(ml_dsa || p256), as the protocol defines it; present only
 *       with an ML-DSA key.
 * </ul>
 */
public final class PublicKeys {

  public static final int ML_KEM_768_LENGTH = 1184;
  public static final int ML_DSA_65_LENGTH = 1952;
  public static final String DID_PREFIX = "did:paramant:";

  private static final int DID_HASH_BYTES = 20;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] mlKem;
  private final byte[] ecdh;
  private final byte[] mlDsa;

  private PublicKeys(byte[] mlKem, byte[] ecdh, byte[] mlDsa) {
    this.mlKem = mlKem.clone();
    this.ecdh = ecdh.clone();
    this.mlDsa = mlDsa == null ? null : mlDsa.clone();
    validate();
  }

  /** Keys of a device that can receive but not sign. */
  public static PublicKeys of(byte[] mlKem768, byte[] p256) {
    return new PublicKeys(mlKem768, p256, null);
  }

  public static PublicKeys of(byte[] mlKem768, byte[] p256, byte[] mlDsa65) {
    return new PublicKeys(mlKem768, p256, mlDsa65);
  }

  /** Keys as the relay serves them: lowercase (or uppercase) hex. */
  public static PublicKeys fromHex(String mlKem768, String p256) {
    return of(parseHex(mlKem768, "ML-KEM-768 key"), parseHex(p256, "P-256 key"));
  }

  public static PublicKeys fromHex(String mlKem768, String p256, String mlDsa65) {
    return of(
        parseHex(mlKem768, "ML-KEM-768 key"),
        parseHex(p256, "P-256 key"),
        parseHex(mlDsa65, "ML-DSA-65 key"));
  }

  /** The ML-KEM-768 encapsulation key, 1184 bytes (a copy). */
  public byte[] mlKem() {
    return mlKem.clone();
  }

  /** The P-256 key, 65 bytes SEC1 uncompressed (a copy). */
  public byte[] ecdh() {
    return ecdh.clone();
  }

  /** The ML-DSA-65 key, 1952 bytes (a copy), if the device can sign. */
  public Optional<byte[]> mlDsa() {
    return Optional.ofNullable(mlDsa).map(byte[]::clone);
  }

  public String mlKemHex() {
    return HEX.formatHex(mlKem);
  }

  public String ecdhHex() {
    return HEX.formatHex(ecdh);
  }

  public Optional<String> mlDsaHex() {
    return Optional.ofNullable(mlDsa).map(HEX::formatHex);
  }

  /** Lowercase hex SHA3-256 over the concatenated keys; see the class description. */
  public String fingerprint() {
    byte[] hash =
        mlDsa == null ? Digests.sha3_256(mlKem, ecdh) : Digests.sha3_256(mlKem, ecdh, mlDsa);
    return HEX.formatHex(hash);
  }

  /** The device's {@code did:paramant:} identifier, if it has an ML-DSA key. */
  public Optional<String> did() {
    return mlDsa == null ? Optional.empty() : Optional.of(didOf(mlDsa, ecdh));
  }

  /**
   * The {@code did:paramant:} identifier of an ML-DSA-65 key (1952 bytes) and a P-256 key (65
   * bytes, SEC1 uncompressed), as a resolver recomputes it from a DID document's keys.
   *
   * @throws IllegalArgumentException if a key has the wrong length
   */
  public static String didOf(byte[] mlDsa65, byte[] p256) {
    if (mlDsa65.length != ML_DSA_65_LENGTH || p256.length != P256.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("a DID is made of a 1952-byte and a 65-byte key");
    }
    byte[] hash = Arrays.copyOf(Digests.sha3_256(mlDsa65, p256), DID_HASH_BYTES);
    // 20 bytes are exactly 32 base32 characters, so there is never padding to strip.
    return DID_PREFIX + Base32.toBase32String(hash).toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PublicKeys that
        && Arrays.equals(mlKem, that.mlKem)
        && Arrays.equals(ecdh, that.ecdh)
        && Arrays.equals(mlDsa, that.mlDsa);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ecdh);
  }

  @Override
  public String toString() {
    return "PublicKeys[fingerprint=" + fingerprint() + "]";
  }

  private void validate() {
    if (mlKem.length != ML_KEM_768_LENGTH) {
      throw new EnvelopeException(
          Reason.INVALID_KEY, "ML-KEM-768 key must be " + ML_KEM_768_LENGTH + " bytes");
    }
    try {
      // Bouncy Castle performs the FIPS 203 section 7.2 modulus check here.
      new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, mlKem);
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(Reason.INVALID_KEY, "ML-KEM-768 key fails the modulus check", e);
    }
    P256.decodePublicKey(ecdh, "P-256 key");
    if (mlDsa != null && mlDsa.length != ML_DSA_65_LENGTH) {
      throw new EnvelopeException(
          Reason.INVALID_KEY, "ML-DSA-65 key must be " + ML_DSA_65_LENGTH + " bytes");
    }
  }

  private static byte[] parseHex(String hex, String what) {
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(Reason.INVALID_KEY, what + " is not hex");
    }
  }
}
