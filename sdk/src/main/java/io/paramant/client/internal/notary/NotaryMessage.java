package io.paramant.client.internal.notary;

import io.paramant.client.internal.keys.PrivateKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * What a notarising device signs (docs/notary.md, which corrects PROTOCOL.md "Notary receipt"):
 * {@code "paramant/notary/v1" || document SHA-256 (32) || signed_at_ms (u64, big-endian) || binding
 * (32)}, the binding of the signer's namespace and device id, so that a signature names its signer
 * (without it, a copy could be logged under another namespace that registered the same public
 * keys), with ML-DSA-65 in pure mode and an empty context; the signature travels as base64url
 * without padding.
 */
public final class NotaryMessage {

  private static final byte[] LABEL = "paramant/notary/v1".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private NotaryMessage() {}

  /** The signed bytes. */
  public static byte[] of(byte[] documentSha256, long signedAtMillis, byte[] binding) {
    if (documentSha256.length != 32 || binding.length != 32) {
      throw new IllegalArgumentException("a document SHA-256 and a binding have 32 bytes");
    }
    return ByteBuffer.allocate(LABEL.length + 32 + Long.BYTES + 32)
        .put(LABEL)
        .put(documentSha256)
        .putLong(signedAtMillis)
        .put(binding)
        .array();
  }

  /** The device's signature, hedged with {@code random}. */
  public static byte[] sign(
      PrivateKeys keys,
      byte[] documentSha256,
      long signedAtMillis,
      byte[] binding,
      SecureRandom random) {
    return keys.sign(of(documentSha256, signedAtMillis, binding), random);
  }

  /** Whether {@code signature} verifies with the ML-DSA-65 public key {@code mlDsa}. */
  public static boolean verifies(
      byte[] mlDsa, byte[] documentSha256, long signedAtMillis, byte[] binding, byte[] signature) {
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, mlDsa));
    byte[] message = of(documentSha256, signedAtMillis, binding);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** base64url without padding. */
  public static String encode(byte[] signature) {
    return BASE64URL.encodeToString(signature);
  }

  /** The bytes of canonical base64url without padding, or null if {@code text} is not that. */
  public static byte[] decode(String text) {
    if (text.indexOf('=') >= 0) {
      return null;
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      return BASE64URL.encodeToString(bytes).equals(text) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
