package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.relay.RelayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-account quotas of blob slots: the arithmetic, and atomicity under concurrent uploads. */
class SlotsTest {

  @Test
  void default_quotas_are_an_eighth_a_half_and_three_quarters_of_the_capacity_at_least_one() {
    assertQuotas(1, 1, 1, 1);
    assertQuotas(3, 1, 1, 2);
    assertQuotas(7, 1, 3, 5);
    assertQuotas(8, 1, 4, 6);
    assertQuotas(16, 2, 8, 12);
    assertQuotas(17, 2, 8, 12);
    assertQuotas(64, 8, 32, 48);
    assertQuotas(100_000, 12_500, 50_000, 75_000);
  }

  @Test
  void an_override_is_an_absolute_count_and_leaves_the_other_plans_at_their_default() {
    Slots slots = new Slots(64, Map.of(Plan.FREE, 2, Plan.ENTERPRISE, 64));

    assertEquals(2, slots.quota(Plan.FREE));
    assertEquals(32, slots.quota(Plan.PRO));
    assertEquals(64, slots.quota(Plan.ENTERPRISE));
  }

  @Test
  void an_override_below_one_fails_loudly() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new Slots(16, Map.of(Plan.PRO, 0)));
    assertEquals("paramant.quota.pro must be at least 1, was 0", e.getMessage());
  }

  @Test
  void an_account_at_its_quota_is_refused_with_429_quota_exceeded_and_others_are_not() {
    Slots slots = new Slots(16, Map.of());
    Slot first = slots.reserve("alice", Plan.FREE, 5);
    slots.reserve("alice", Plan.FREE, 5);

    QuotaExceededException refused =
        assertThrows(QuotaExceededException.class, () -> slots.reserve("alice", Plan.FREE, 5));

    assertEquals(RelayException.Kind.RATE_LIMITED, refused.kind());
    assertEquals("quota_exceeded", refused.code());
    assertEquals(5, refused.retryAfterSeconds());
    assertEquals(
        "This account holds 2 blobs or uploads on this relay, the most its plan allows; retry when"
            + " one is downloaded or expires.",
        refused.detail());
    assertEquals(2, slots.heldBy("alice"));
    assertEquals(2, slots.inUse(), "a refusal takes no slab");
    assertNotNull(slots.reserve("bob", Plan.FREE, 5));

    slots.free(first, 0);
    assertNotNull(slots.reserve("alice", Plan.FREE, 5));
  }

  @Test
  void the_quota_is_checked_before_the_capacity_and_a_full_store_leaves_the_count_alone() {
    Slots slots = new Slots(3, Map.of(Plan.ENTERPRISE, 3));
    slots.reserve("alice", Plan.FREE, 5); // free quota on 3 slots: 1
    slots.reserve("bob", Plan.ENTERPRISE, 5);
    slots.reserve("bob", Plan.ENTERPRISE, 5);

    assertThrows(QuotaExceededException.class, () -> slots.reserve("alice", Plan.FREE, 5));
    assertNull(slots.reserve("carol", Plan.ENTERPRISE, 5), "full");
    assertEquals(0, slots.heldBy("carol"));
    assertEquals(3, slots.inUse());
  }

  @Test
  void freeing_a_slot_twice_frees_it_once() {
    Slots slots = new Slots(2, Map.of(Plan.ENTERPRISE, 2));
    Slot a = slots.reserve("alice", Plan.ENTERPRISE, 5);
    slots.reserve("alice", Plan.ENTERPRISE, 5);

    slots.free(a, 10);
    slots.free(a, 10);

    assertEquals(1, slots.heldBy("alice"));
    assertEquals(1, slots.inUse());
    assertNotNull(slots.reserve("bob", Plan.ENTERPRISE, 5));
    assertNull(slots.reserve("carol", Plan.ENTERPRISE, 5), "still only two slabs");
  }

  @Test
  void concurrent_reservations_of_one_account_never_exceed_its_quota() throws Exception {
    Slots slots = new Slots(64, Map.of()); // pro quota 32; slabs are reused from round to round
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 50; round++) {
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger holding = new AtomicInteger();
        List<Slot> kept = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          results.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                      Slot slot;
                      try {
                        slot = slots.reserve("alice", Plan.PRO, 5);
                      } catch (QuotaExceededException refused) {
                        continue;
                      }
                      peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                      if (i % 2 == 0) { // give half back, so the count goes up and down
                        holding.decrementAndGet();
                        slots.free(slot, 0);
                      } else {
                        kept.add(slot);
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> result : results) {
          result.get();
        }
        assertTrue(peak.get() <= 32, "round " + round + ": held " + peak.get() + " at once");
        assertEquals(kept.size(), slots.heldBy("alice"), "round " + round);
        assertEquals(kept.size(), slots.inUse(), "round " + round + ": count and slabs agree");
        while (kept.size() < 32) {
          kept.add(slots.reserve("alice", Plan.PRO, 5)); // no slot was lost: the quota is there
        }
        assertThrows(QuotaExceededException.class, () -> slots.reserve("alice", Plan.PRO, 5));
        kept.forEach(slot -> slots.free(slot, 0));
        assertEquals(0, slots.heldBy("alice"));
        assertEquals(0, slots.inUse());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void assertQuotas(int capacity, int free, int pro, int enterprise) {
    Slots slots = new Slots(capacity, Map.of());
    assertEquals(
        List.of(free, pro, enterprise),
        List.of(slots.quota(Plan.FREE), slots.quota(Plan.PRO), slots.quota(Plan.ENTERPRISE)),
        "capacity " + capacity);
    for (Plan plan : Plan.values()) {
      assertEquals(slots.quota(plan), plan.defaultSlots(capacity));
    }
  }
}
