package io.paramant.client.internal.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and SHA3-256 from the JDK (SHA-256 is intrinsified with the CPU's SHA extensions where
 * present).
 */
public final class Digests {

  public static final int SHA256_LENGTH = 32;

  private Digests() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest digest = digest("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /** SHA-256 of the remaining bytes of {@code bytes}; the buffer's position is not moved. */
  public static byte[] sha256(ByteBuffer bytes) {
    MessageDigest digest = digest("SHA-256");
    digest.update(bytes.duplicate());
    return digest.digest();
  }

  /** SHA3-256 of the concatenation of {@code parts}. */
  public static byte[] sha3_256(byte[]... parts) {
    MessageDigest digest = digest("SHA3-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every Java 17 runtime", e);
    }
  }
}
