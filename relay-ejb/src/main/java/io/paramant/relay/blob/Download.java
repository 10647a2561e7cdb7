package io.paramant.relay.blob;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The one download of a claimed blob. {@link #transferTo} burns the blob after its last byte was
 * written and flushed, or releases the claim when writing fails, so a dropped connection loses
 * nothing. {@link #abandon} releases a claim whose response will never be written.
 */
public final class Download {

  private static final int CHUNK = 64 * 1024;

  private final BlobStore store;
  private final StoredBlob blob;

  Download(BlobStore store, StoredBlob blob) {
    this.store = store;
    this.blob = blob;
  }

  public int size() {
    return blob.size;
  }

  public String hash() {
    return blob.hash;
  }

  /**
   * Writes the exact stored bytes, then burns the blob.
   *
   * @throws IOException when the client went away; the blob is available again
   */
  public void transferTo(OutputStream out) throws IOException {
    if (!blob.startStreaming()) {
      throw new IOException("the claim on this blob was already given up");
    }
    boolean delivered = false;
    byte[] buffer = new byte[Math.min(CHUNK, blob.size)];
    try {
      for (int offset = 0; offset < blob.size; offset += buffer.length) {
        int n = Math.min(buffer.length, blob.size - offset);
        blob.slab.get(offset, buffer, 0, n);
        out.write(buffer, 0, n);
      }
      out.flush();
      delivered = true;
    } finally {
      java.util.Arrays.fill(buffer, (byte) 0);
      if (delivered) {
        store.burn(blob);
      } else {
        blob.releaseStreaming();
      }
    }
  }

  /** Releases the claim without sending anything. */
  public void abandon() {
    blob.releaseClaim();
  }
}
