package io.paramant.relay.blob;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An upload in progress: bytes are written straight into the reserved slab while their SHA-256 is
 * computed, so the payload is never held in a Java array larger than the caller's read buffer.
 *
 * <p>Use it in try-with-resources: {@link #close()} without a successful {@link #commit} shreds
 * what was written and gives the slab back to the pool (bad hash, oversized or aborted body, lost
 * race).
 */
public final class Upload extends OutputStream {

  private final BlobStore store;
  private final ByteBuffer slab;
  private final MessageDigest sha256;
  private int size;
  private boolean finished;

  Upload(BlobStore store, ByteBuffer slab) {
    this.store = store;
    this.slab = slab;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * @throws BlobTooLargeException when the payload would exceed {@code MAX_BLOB}
   */
  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensureOpen();
    if (length > SlabPool.SLAB_SIZE - size) {
      throw new BlobTooLargeException(
          "The payload exceeds the maximum blob size of 5,242,880 bytes.");
    }
    slab.put(size, bytes, offset, length);
    sha256.update(bytes, offset, length);
    size += length;
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /**
   * Makes the blob available for its one download.
   *
   * @param expectedHash canonical hash declared by the client (see {@link BlobHash#parse})
   * @param ttlMs the time to live already clamped to the owner's plan
   * @param device the addressed device, or {@code null}
   * @throws HashMismatchException when the bytes do not hash to {@code expectedHash}
   * @throws BlobExistsException when another blob with that hash is stored (also a concurrent
   *     upload)
   */
  public StoredReceipt commit(String expectedHash, Owner owner, long ttlMs, String device) {
    ensureOpen();
    if (size == 0) {
      throw new io.paramant.relay.InvalidInputException("empty_payload", "The payload is empty.");
    }
    if (!MessageDigest.isEqual(sha256.digest(), BlobHash.bytes(expectedHash))) {
      throw new HashMismatchException();
    }
    StoredReceipt receipt = store.publish(expectedHash, owner, device, slab, size, ttlMs);
    finished = true;
    return receipt;
  }

  @Override
  public void close() {
    if (!finished) {
      finished = true;
      store.recycle(slab, size);
    }
  }

  private void ensureOpen() {
    if (finished) {
      throw new IllegalStateException("upload already finished");
    }
  }
}
