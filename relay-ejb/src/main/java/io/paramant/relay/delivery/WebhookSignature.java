package io.paramant.relay.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The {@code X-Paramant-Sig} header of a webhook request: lowercase hex HMAC-SHA256 (RFC 2104) of
 * the exact body bytes, keyed with the registering API key's UTF-8 bytes, and the body itself.
 *
 * <p>HMAC is computed here with {@link MessageDigest} rather than {@code javax.crypto.Mac} so that
 * every buffer derived from the key is under this class's control and overwritten before it
 * returns: a {@code SecretKeySpec} keeps its own copy of the key, and a {@code Mac} keeps the
 * padded key until it is collected, neither of which can be wiped on JDK 17.
 */
final class WebhookSignature {

  private static final int BLOCK = 64;
  private static final byte IPAD = 0x36;
  private static final byte OPAD = 0x5c;

  private WebhookSignature() {}

  /**
   * The body of a retrieval event, byte for byte: {@code {"event":"blob_retrieved","hash":"<64
   * hex>","ts":<ms>}} in UTF-8 (ASCII), no white space.
   */
  static byte[] blobRetrieved(String hash, long tsMs) {
    return ("{\"event\":\"blob_retrieved\",\"hash\":\"" + hash + "\",\"ts\":" + tsMs + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Lowercase hex HMAC-SHA256 of {@code body} under {@code key}. */
  static String sign(byte[] key, byte[] body) {
    byte[] mac = hmacSha256(key, body);
    String hex = HexFormat.of().formatHex(mac);
    Arrays.fill(mac, (byte) 0);
    return hex;
  }

  /** RFC 2104 HMAC with SHA-256; the caller's key array is left as it is. */
  static byte[] hmacSha256(byte[] key, byte[] message) {
    MessageDigest sha256 = sha256();
    byte[] k0 = new byte[BLOCK];
    byte[] pad = new byte[BLOCK];
    byte[] inner = null;
    try {
      if (key.length > BLOCK) {
        byte[] hashed = sha256.digest(key);
        System.arraycopy(hashed, 0, k0, 0, hashed.length);
        Arrays.fill(hashed, (byte) 0);
      } else {
        System.arraycopy(key, 0, k0, 0, key.length);
      }
      for (int i = 0; i < BLOCK; i++) {
        pad[i] = (byte) (k0[i] ^ IPAD);
      }
      sha256.update(pad);
      sha256.update(message);
      inner = sha256.digest();
      for (int i = 0; i < BLOCK; i++) {
        pad[i] = (byte) (k0[i] ^ OPAD);
      }
      sha256.update(pad);
      sha256.update(inner);
      return sha256.digest();
    } finally {
      Arrays.fill(k0, (byte) 0);
      Arrays.fill(pad, (byte) 0);
      if (inner != null) {
        Arrays.fill(inner, (byte) 0);
      }
      sha256.reset();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
