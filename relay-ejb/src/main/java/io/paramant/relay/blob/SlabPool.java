package io.paramant.relay.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * A hard-bounded pool of off-heap slabs, one per stored blob. Slabs are allocated on first demand
 * and then recycled (after being shredded by the store), so resident memory grows with the peak
 * number of stored blobs and never beyond {@code capacity × SLAB_SIZE}.
 */
final class SlabPool {

  /** {@code MAX_BLOB} of the API: 5 MiB. */
  static final int SLAB_SIZE = 5 * 1024 * 1024;

  private final int capacity;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<ByteBuffer> free = new ConcurrentLinkedDeque<>();

  SlabPool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("blob capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.permits = new Semaphore(capacity);
  }

  /** A slab, or {@code null} when all {@code capacity} slabs are in use. */
  ByteBuffer tryAcquire() {
    if (!permits.tryAcquire()) {
      return null;
    }
    ByteBuffer slab = free.pollFirst();
    if (slab != null) {
      return slab;
    }
    try {
      return ByteBuffer.allocateDirect(SLAB_SIZE);
    } catch (OutOfMemoryError directMemoryExhausted) {
      // MaxDirectMemorySize is below capacity × SLAB_SIZE: behave as full rather than fail the JVM.
      permits.release();
      return null;
    }
  }

  /** Returns a slab that the caller has already shredded. */
  void release(ByteBuffer slab) {
    free.offerFirst(slab);
    permits.release();
  }

  int capacity() {
    return capacity;
  }

  int inUse() {
    return capacity - permits.availablePermits();
  }
}
