package io.paramant.relay.blob;

import java.lang.management.ManagementFactory;
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

  /**
   * Fails the start when {@code -XX:MaxDirectMemorySize} cannot hold {@code capacity} slabs.
   *
   * @throws IllegalStateException naming the setting and both figures
   */
  static void requireDirectMemoryFor(int capacity) {
    long needed = (long) capacity * SLAB_SIZE;
    long directLimit = maxDirectMemory();
    if (directLimit > 0 && needed > directLimit) {
      throw new IllegalStateException(
          "paramant.blob.capacity="
              + capacity
              + " needs "
              + needed
              + " bytes of direct memory but -XX:MaxDirectMemorySize allows "
              + directLimit);
    }
  }

  /**
   * The JVM's direct memory limit, or 0 when it is not set explicitly (then it equals the heap
   * limit).
   */
  private static long maxDirectMemory() {
    try {
      var hotspot =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      long value = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
      return value > 0 ? value : Runtime.getRuntime().maxMemory();
    } catch (RuntimeException notHotSpot) {
      return 0;
    }
  }
}
