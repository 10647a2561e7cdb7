package io.paramant.client.internal.envelope;

import io.paramant.client.internal.crypto.Digests;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** The fixed blob size and the few operations on whole blob buffers. */
public final class Blob {

  /** Every blob is exactly 5 MiB, so its size says nothing about its content. */
  public static final int SIZE = 5_242_880;

  private static final byte[] ZEROS = new byte[64 * 1024];

  private Blob() {}

  /**
   * A new direct buffer of exactly one blob: off the heap, and fast for AES-GCM (see the package
   * notes).
   */
  public static ByteBuffer allocate() {
    return ByteBuffer.allocateDirect(SIZE);
  }

  /**
   * Lowercase hex SHA-256 of the remaining bytes, the blob hash the relay knows; the position is
   * not moved.
   */
  public static String sha256Hex(ByteBuffer blob) {
    return HexFormat.of().formatHex(Digests.sha256(blob));
  }

  /** Overwrites the remaining bytes with zeros; the position is not moved. */
  public static void wipe(ByteBuffer buffer) {
    for (int at = buffer.position(); at < buffer.limit(); at += ZEROS.length) {
      buffer.put(at, ZEROS, 0, Math.min(ZEROS.length, buffer.limit() - at));
    }
  }
}
