package io.paramant.relay.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reserved blob slot: a slab and the account it counts against. It is freed exactly once,
 * whichever path frees it (failed upload, download, pickup, expiry), so a slab can never go back to
 * the pool twice nor an account's count drop twice.
 */
final class Slot {

  final ByteBuffer slab;
  final String account;
  private final AtomicBoolean freed = new AtomicBoolean();

  Slot(ByteBuffer slab, String account) {
    this.slab = slab;
    this.account = account;
  }

  /** True for the first caller only: it alone shreds and returns the slab. */
  boolean markFreed() {
    return freed.compareAndSet(false, true);
  }

  boolean freed() {
    return freed.get();
  }
}
