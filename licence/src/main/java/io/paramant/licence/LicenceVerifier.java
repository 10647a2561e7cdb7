package io.paramant.licence;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks licence tokens ({@code PLK_KEY}) against the vendor's public key.
 *
 * <p>A token is {@code plk_<payload>.<signature>}: the payload is the licence as UTF-8 JSON (see
 * {@link Licence}), the signature an Ed25519 (RFC 8032) signature over the ASCII bytes of {@code
 * plk_<payload>}, both base64url without padding. The signature is checked before the payload is
 * parsed, so only JSON the vendor signed reaches the parser; a token is refused as {@link
 * LicenceException.Reason#MALFORMED} when its form is wrong (including a non-canonical base64
 * encoding and more than {@value #MAX_TOKEN_CHARS} characters), {@link
 * LicenceException.Reason#BAD_SIGNATURE} when the signature does not verify, and {@link
 * LicenceException.Reason#EXPIRED} when it is genuine but past its expiry. Nothing else is thrown
 * for any token string.
 *
 * <p>Why Ed25519 and not ML-DSA, when the envelope and the log's tree heads are post-quantum: the
 * token lives in an environment variable and in a customer's mail, and an Ed25519 token is a few
 * hundred characters where an ML-DSA-44 signature alone would be 2,420 bytes (3,227 in base64url).
 * And a licence protects no data: it only lifts the Community Edition's limit on active users.
 * Someone who could forge one (with a quantum computer) would run more users than they paid for;
 * they would read no file. The confidentiality of transfers rests on the hybrid ML-KEM envelope,
 * not on this signature.
 */
public final class LicenceVerifier {

  /** Every token starts with this. */
  static final String PREFIX = "plk_";

  /** Longer tokens are refused before any decoding. */
  static final int MAX_TOKEN_CHARS = 4096;

  static final String ALGORITHM = "Ed25519";

  private static final int SIGNATURE_BYTES = 64;

  private final PublicKey publicKey;

  private LicenceVerifier(PublicKey publicKey) {
    this.publicKey = publicKey;
  }

  /**
   * A verifier for the key in {@code base64SpkiDer}: the standard base64 of an X.509
   * SubjectPublicKeyInfo (DER) holding an Ed25519 public key, as {@code LicenceTool keygen} prints
   * it.
   *
   * @throws IllegalArgumentException when it is not such a key; the message does not quote it
   */
  public static LicenceVerifier fromPublicKey(String base64SpkiDer) {
    if (base64SpkiDer == null || base64SpkiDer.isBlank()) {
      throw new IllegalArgumentException("the licence public key is empty");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64SpkiDer.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the licence public key is not base64");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
      // The key factory accepts any 32 bytes; the point is decoded (and refused) on first use.
      Signature.getInstance(ALGORITHM).initVerify(key);
    } catch (InvalidKeySpecException | InvalidKeyException e) {
      throw new IllegalArgumentException(
          "the licence public key is not the base64 X.509 SubjectPublicKeyInfo of an Ed25519 key");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
    return new LicenceVerifier(key);
  }

  /**
   * The licence in {@code token} if it is well formed, signed by this verifier's key and not
   * expired at {@code now}.
   *
   * @throws LicenceException saying why it is not; never any other exception, whatever the token
   */
  public Licence verify(String token, Instant now) throws LicenceException {
    Objects.requireNonNull(now, "now");
    Licence licence = authenticate(token);
    if (!now.isBefore(licence.expires())) {
      throw new LicenceException(
          LicenceException.Reason.EXPIRED,
          "the licence " + licence.id() + " expired at " + licence.expires());
    }
    return licence;
  }

  /** The licence in {@code token} if it is well formed and genuine, expired or not. */
  Licence authenticate(String token) throws LicenceException {
    if (token == null || token.isEmpty()) {
      throw malformed("the licence token is empty");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw malformed("the licence token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    if (!token.startsWith(PREFIX)) {
      throw malformed("the licence token does not start with " + PREFIX);
    }
    int dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      throw malformed("the licence token is not of the form plk_<payload>.<signature>");
    }
    byte[] payload = base64url(token.substring(PREFIX.length(), dot), "payload");
    byte[] signature = base64url(token.substring(dot + 1), "signature");
    if (signature.length != SIGNATURE_BYTES) {
      throw malformed("the licence signature is not " + SIGNATURE_BYTES + " bytes long");
    }
    if (!verifies(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII), signature)) {
      throw new LicenceException(
          LicenceException.Reason.BAD_SIGNATURE,
          "the licence signature does not verify against the licence public key");
    }
    return LicencePayload.read(payload);
  }

  private boolean verifies(byte[] signed, byte[] signature) {
    try {
      Signature ed25519 = Signature.getInstance(ALGORITHM);
      ed25519.initVerify(publicKey);
      ed25519.update(signed);
      return ed25519.verify(signature);
    } catch (SignatureException e) {
      return false; // e.g. s not reduced mod L: not a signature this key made
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the licence public key was checked when it was loaded", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  /** Strict base64url without padding: only the alphabet, and only the canonical encoding. */
  private static byte[] base64url(String text, String part) throws LicenceException {
    String problem = "the licence " + part + " is not base64url without padding";
    if (text.isEmpty()) {
      throw malformed("the licence " + part + " is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!alphabet) {
        throw malformed(problem);
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw malformed(problem); // a length of 1 mod 4
    }
    // The decoder ignores unused low bits, so "QR" and "QQ" are the same byte; accept one only.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
      throw malformed(problem);
    }
    return bytes;
  }

  private static LicenceException malformed(String message) {
    return new LicenceException(LicenceException.Reason.MALFORMED, message);
  }
}
