package io.paramant.relay.did;

import io.paramant.relay.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/**
 * The {@code did:paramant} identifier (PROTOCOL.md, "DID"; docs/did.md): {@code did:paramant:} and
 * the lowercase, unpadded base32 of the first 20 bytes of {@code SHA3-256(ml_dsa_pub || p256_pub)}
 * — always 32 characters of {@code [a-z2-7]}.
 */
public final class Did {

  static final String PREFIX = "did:paramant:";
  private static final int HASH_BYTES = 20;
  private static final Pattern FORM = Pattern.compile("did:paramant:[a-z2-7]{32}");

  private Did() {}

  /**
   * The DID of a device's two keys.
   *
   * @param mlDsa65 the 1952-byte ML-DSA-65 public key
   * @param p256 the 65-byte SEC1 uncompressed P-256 public key
   */
  public static String of(byte[] mlDsa65, byte[] p256) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      sha3.update(mlDsa65);
      sha3.update(p256);
      byte[] hash = Arrays.copyOf(sha3.digest(), HASH_BYTES);
      // 20 bytes are exactly 32 base32 characters: never padding
      return PREFIX + Base32.toBase32String(hash).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }

  /** Whether {@code text} has the form of a {@code did:paramant} identifier. */
  public static boolean isValid(String text) {
    return text != null && text.length() == PREFIX.length() + 32 && FORM.matcher(text).matches();
  }

  /**
   * @return {@code text}, checked
   * @throws InvalidInputException {@code invalid_did} when it is not a {@code did:paramant} DID
   */
  public static String parse(String text) {
    if (!isValid(text)) {
      throw new InvalidInputException(
          "invalid_did",
          "A DID is did:paramant: followed by 32 characters of a-z and 2-7 (docs/did.md).");
    }
    return text;
  }
}
