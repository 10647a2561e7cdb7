package io.paramant.relay.blob;

import io.paramant.accounts.Plan;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sector's blob slots: the bounded {@link SlabPool} and each account's share of it. An account
 * may hold at most its plan's quota of slots at once (stored blobs and drops plus uploads in
 * progress), so that one account cannot take the capacity from the others.
 *
 * <p>Reserving is one atomic step per account: the account's count is checked against its quota and
 * a slab is taken inside the same {@link ConcurrentHashMap#compute} of the account's entry, so two
 * concurrent uploads of one account never both pass at its last free slot, and a refused upload
 * (quota or capacity) leaves the count as it was. Freeing goes through {@link Slot}, which frees
 * once. Only accounts that hold a slot have an entry: the table never outgrows the capacity.
 */
final class Slots {

  private final SlabPool pool;
  private final EnumMap<Plan, Integer> quotas = new EnumMap<>(Plan.class);
  private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

  /**
   * @param overrides absolute quotas per plan ({@code paramant.quota.<plan>}); other plans get
   *     {@link Plan#defaultSlots}
   * @throws IllegalStateException for an override below 1
   */
  Slots(int capacity, Map<Plan, Integer> overrides) {
    this.pool = new SlabPool(capacity);
    for (Plan plan : Plan.values()) {
      Integer override = overrides.get(plan);
      if (override != null && override < 1) {
        throw new IllegalStateException(
            "paramant.quota." + plan.wireName() + " must be at least 1, was " + override);
      }
      quotas.put(plan, override != null ? override : plan.defaultSlots(capacity));
    }
  }

  /** The slots one account of {@code plan} may hold at once. */
  int quota(Plan plan) {
    return quotas.get(plan);
  }

  /**
   * Counts a slot against {@code account} and takes a slab for it, atomically.
   *
   * @return the slot, or {@code null} when every slab of the sector is in use (the count is
   *     unchanged)
   * @throws QuotaExceededException when the account holds its plan's quota already
   */
  Slot reserve(String account, Plan plan, int retryAfterSeconds) {
    int quota = quota(plan);
    ByteBuffer[] taken = new ByteBuffer[1];
    boolean[] overQuota = new boolean[1];
    held.compute(
        account,
        (key, count) -> {
          int n = count == null ? 0 : count;
          if (n >= quota) {
            overQuota[0] = true;
            return count;
          }
          taken[0] = pool.tryAcquire();
          if (taken[0] == null) {
            return count;
          }
          return n + 1;
        });
    if (overQuota[0]) {
      throw new QuotaExceededException(retryAfterSeconds, quota);
    }
    return taken[0] == null ? null : new Slot(taken[0], account);
  }

  /**
   * Shreds the first {@code size} bytes of the slot's slab, returns it to the pool and uncounts it
   * from its account; does nothing when the slot was freed before.
   */
  void free(Slot slot, int size) {
    if (!slot.markFreed()) {
      return;
    }
    Shredder.shred(slot.slab, size);
    pool.release(slot.slab);
    held.computeIfPresent(slot.account, (key, count) -> count > 1 ? count - 1 : null);
  }

  /** Slots {@code account} holds now. */
  int heldBy(String account) {
    return held.getOrDefault(account, 0);
  }

  int inUse() {
    return pool.inUse();
  }

  int capacity() {
    return pool.capacity();
  }
}
