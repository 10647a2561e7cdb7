package io.paramant.relay.blob;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An upload in progress: bytes are written straight into the reserved slab while their SHA-256 is
 * computed, so the payload is never held in a Java array larger than the caller's read buffer.
 *
 * <p>An upload is either a blob's ({@link BlobStore#beginUpload}, finished by {@link #commit},
 * which checks the hash) or an anonymous drop's ({@link BlobStore#beginDrop}, finished by {@link
 * #commitDrop}, which has no hash to check and computes none). Neither can be finished the other
 * way, so a drop is never stored under a blob hash nor a blob without its hash check.
 *
 * <p>An upload holds one slot of its account ({@link BlobStore#beginUpload}). Use it in
 * try-with-resources: {@link #close()} before a commit shreds what was written and frees the slot
 * (bad hash, oversized, slow or aborted body). A commit hands the slot to the store, which frees it
 * when the blob is burned or expires, or at once when the commit loses a race or its log append
 * fails; after a commit began, {@link #close()} leaves the slot alone.
 */
public final class Upload extends OutputStream {

  private final BlobStore store;
  private final Slot slot;
  private final Owner owner;

  /** The running SHA-256 of a blob upload; {@code null} for a drop. */
  private final MessageDigest sha256;

  private int size;
  private boolean finished;

  private Upload(BlobStore store, Slot slot, Owner owner, MessageDigest sha256) {
    this.store = store;
    this.slot = slot;
    this.owner = owner;
    this.sha256 = sha256;
  }

  static Upload ofBlob(BlobStore store, Slot slot, Owner owner) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      store.free(slot, 0);
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
    return new Upload(store, slot, owner, sha256);
  }

  static Upload ofDrop(BlobStore store, Slot slot, Owner owner) {
    return new Upload(store, slot, owner, null);
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
    slot.slab.put(size, bytes, offset, length);
    if (sha256 != null) {
      sha256.update(bytes, offset, length);
    }
    size += length;
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /**
   * Makes the blob available for its one download, stored by the account that began the upload.
   *
   * @param expectedHash canonical hash declared by the client (see {@link BlobHash#parse})
   * @param ttlMs the time to live already clamped to the owner's plan
   * @param device the addressed device, or {@code null}
   * @throws HashMismatchException when the bytes do not hash to {@code expectedHash}
   * @throws BlobExistsException when another blob with that hash is stored (also a concurrent
   *     upload)
   */
  public StoredReceipt commit(String expectedHash, long ttlMs, String device) {
    ensureOpen();
    if (sha256 == null) {
      throw new IllegalStateException("a drop upload is finished with commitDrop");
    }
    requireNonEmpty();
    if (!MessageDigest.isEqual(sha256.digest(), BlobHash.bytes(expectedHash))) {
      throw new HashMismatchException();
    }
    finished = true; // the store owns the slot from here on, whatever publish does
    return store.publish(expectedHash, owner, device, slot, size, ttlMs);
  }

  /**
   * Makes the drop available for its one pickup. There is no hash to check: the id is derived from
   * the drop's mnemonic on the client, not from its bytes.
   *
   * @param dropId canonical drop id (see {@link DropId#parse})
   * @param ttlMs the time to live already clamped to the owner's plan
   * @throws DropExistsException when a drop with that id is stored (also a concurrent upload)
   */
  public DropReceipt commitDrop(String dropId, long ttlMs) {
    ensureOpen();
    if (sha256 != null) {
      throw new IllegalStateException("a blob upload is finished with commit");
    }
    requireNonEmpty();
    finished = true; // the store owns the slot from here on, whatever publishDrop does
    return store.publishDrop(dropId, owner, slot, size, ttlMs);
  }

  private void requireNonEmpty() {
    if (size == 0) {
      throw new io.paramant.relay.InvalidInputException("empty_payload", "The payload is empty.");
    }
  }

  @Override
  public void close() {
    if (!finished) {
      finished = true;
      store.free(slot, size);
    }
  }

  private void ensureOpen() {
    if (finished) {
      throw new IllegalStateException("upload already finished");
    }
  }
}
