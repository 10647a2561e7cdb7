package io.paramant.licence;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues licence tokens with the vendor's Ed25519 private key, in the form {@link LicenceVerifier}
 * checks. Used by {@link LicenceTool}; the relay never holds a private key.
 */
public final class LicenceIssuer {

  private LicenceIssuer() {}

  /** A new Ed25519 key pair for signing licences. */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(LicenceVerifier.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  /**
   * A token for a new licence (random UUID, issued now) to {@code issuedTo}, valid until {@code
   * expires} for {@code maxUsers} active users.
   *
   * @throws IllegalArgumentException when {@code key} is not an Ed25519 private key, {@code
   *     issuedTo} is blank, longer than 256 characters or has control characters, {@code expires}
   *     is not in the future, or {@code maxUsers} is below 1
   */
  public static String issue(PrivateKey key, String issuedTo, Instant expires, int maxUsers) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(issuedTo, "issuedTo");
    Objects.requireNonNull(expires, "expires");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (!LicencePayload.isPrintable(issuedTo, LicencePayload.MAX_ISSUED_TO_CHARS)) {
      throw new IllegalArgumentException(
          "issuedTo must not be blank, longer than "
              + LicencePayload.MAX_ISSUED_TO_CHARS
              + " characters or have control characters");
    }
    if (!expires.isAfter(now)) {
      throw new IllegalArgumentException("expires must be in the future, not " + expires);
    }
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, not " + maxUsers);
    }
    Licence licence = new Licence(UUID.randomUUID().toString(), issuedTo, now, expires, maxUsers);
    return token(key, LicencePayload.write(licence));
  }

  /** The token for {@code payload}, whatever it holds: tests use it to sign malformed payloads. */
  static String token(PrivateKey key, byte[] payload) {
    String signed =
        LicenceVerifier.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    byte[] signature;
    try {
      Signature ed25519 = Signature.getInstance(LicenceVerifier.ALGORITHM);
      ed25519.initSign(key);
      ed25519.update(signed.getBytes(StandardCharsets.US_ASCII));
      signature = ed25519.sign();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("the licence signing key is not an Ed25519 private key");
    } catch (SignatureException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
    String token = signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    if (token.length() > LicenceVerifier.MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException("the licence token would be too long");
    }
    return token;
  }
}
