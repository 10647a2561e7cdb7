package io.paramant.relay.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One blob or drop in the store: its slab, who stored it, and its one-way life cycle (see package
 * doc). For a drop, {@code hash} holds the drop id and {@code owner} the storing account, which
 * does not restrict the pickup.
 */
final class StoredBlob {

  static final int PENDING = -1;
  static final int AVAILABLE = 0;
  static final int CLAIMED = 1;
  static final int STREAMING = 2;
  static final int BURNED = 3;

  final String hash;
  final boolean drop;
  final Owner owner;
  final String device;
  final int size;
  final long storedAtMs;
  final long expiresAtMs;
  final Slot slot;
  final ByteBuffer slab;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private volatile long claimedAtMs;

  StoredBlob(
      String hash,
      boolean drop,
      Owner owner,
      String device,
      Slot slot,
      int size,
      long storedAtMs,
      long expiresAtMs) {
    this.hash = hash;
    this.drop = drop;
    this.owner = owner;
    this.device = device;
    this.slot = slot;
    this.slab = slot.slab;
    this.size = size;
    this.storedAtMs = storedAtMs;
    this.expiresAtMs = expiresAtMs;
  }

  /**
   * The upload is acknowledged (a blob's log leaf is durable; a drop has none): downloads may
   * begin.
   */
  void makeAvailable() {
    state.compareAndSet(PENDING, AVAILABLE);
  }

  boolean claim(long nowMs) {
    if (state.compareAndSet(AVAILABLE, CLAIMED)) {
      claimedAtMs = nowMs;
      return true;
    }
    return false;
  }

  /** The claimed download starts writing bytes; from now on only it ends the claim. */
  boolean startStreaming() {
    return state.compareAndSet(CLAIMED, STREAMING);
  }

  /** Gives back a claim whose response was never written (CLAIMED → AVAILABLE). */
  boolean releaseClaim() {
    return state.compareAndSet(CLAIMED, AVAILABLE);
  }

  /** A download failed before its last byte: the blob becomes available again. */
  boolean releaseStreaming() {
    return state.compareAndSet(STREAMING, AVAILABLE);
  }

  /** Ends a completed download: the only way from STREAMING to BURNED. */
  boolean burnStreamed() {
    return state.compareAndSet(STREAMING, BURNED);
  }

  /**
   * A claim that never started streaming for longer than {@code staleMs} (its response was lost).
   */
  boolean claimStale(long nowMs, long staleMs) {
    return state.get() == CLAIMED && nowMs - claimedAtMs > staleMs;
  }

  /** Expires a blob nobody is downloading: the only way from AVAILABLE to BURNED. */
  boolean burnAvailable() {
    return state.compareAndSet(AVAILABLE, BURNED);
  }

  boolean isAvailable() {
    return state.get() == AVAILABLE;
  }

  boolean expiredAt(long nowMs) {
    return nowMs >= expiresAtMs;
  }
}
