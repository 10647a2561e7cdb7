package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuessThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  /** A monotonic clock the test moves by hand (it starts far from zero, as System.nanoTime may). */
  private final long[] now = {Long.MAX_VALUE - 3_600 * SECOND};

  private final GuessThrottle throttle = new GuessThrottle(() -> now[0]);

  @Test
  void three_failures_are_free_then_each_failure_doubles_the_wait() {
    for (int i = 0; i < 3; i++) {
      assertEquals(GuessThrottle.Admission.check(Duration.ZERO), throttle.admit("10.0.0.1"));
    }
    assertEquals(GuessThrottle.Admission.check(Duration.ofSeconds(1)), throttle.admit("10.0.0.1"));
    assertEquals(
        GuessThrottle.Admission.throttled(Duration.ofSeconds(1)), throttle.admit("10.0.0.1"));
    now[0] += SECOND / 2;
    assertEquals(
        GuessThrottle.Admission.throttled(Duration.ofMillis(500)), throttle.admit("10.0.0.1"));
    now[0] += SECOND / 2; // the clock passes Long.MAX_VALUE here: differences still hold
    assertEquals(GuessThrottle.Admission.check(Duration.ofSeconds(2)), throttle.admit("10.0.0.1"));
    now[0] += 2 * SECOND;
    assertEquals(GuessThrottle.Admission.check(Duration.ofSeconds(4)), throttle.admit("10.0.0.1"));
    assertEquals(
        GuessThrottle.Admission.check(Duration.ZERO),
        throttle.admit("10.0.0.2"),
        "other addresses are not slowed");
  }

  @Test
  void the_wait_is_capped_and_a_success_clears_the_address() {
    GuessThrottle.Admission last = null;
    for (int i = 0; i < 40; i++) {
      last = throttle.admit("a");
      now[0] += GuessThrottle.MAX_BLOCK.toNanos();
    }
    assertEquals(GuessThrottle.Admission.check(GuessThrottle.MAX_BLOCK), last);
    throttle.succeeded("a");
    assertEquals(GuessThrottle.Admission.check(Duration.ZERO), throttle.admit("a"));
  }

  @Test
  void the_schedule_is_the_consoles() {
    assertEquals(Duration.ZERO, GuessThrottle.block(3));
    assertEquals(Duration.ofSeconds(1), GuessThrottle.block(4));
    assertEquals(Duration.ofSeconds(256), GuessThrottle.block(12));
    assertEquals(Duration.ofMinutes(5), GuessThrottle.block(13));
    assertEquals(Duration.ofMinutes(5), GuessThrottle.block(Integer.MAX_VALUE));
  }

  @Test
  void other_addresses_are_not_slowed_and_a_success_clears_the_address() {
    for (int i = 0; i < 5; i++) {
      throttle.admit("10.0.0.1");
    }
    assertFalse(throttle.admit("10.0.0.1").admitted());
    assertEquals(GuessThrottle.Admission.check(Duration.ZERO), throttle.admit("10.0.0.2"));

    now[0] += GuessThrottle.MAX_BLOCK.toNanos();
    assertTrue(throttle.admit("10.0.0.1").admitted());
    throttle.succeeded("10.0.0.1");
    assertEquals(GuessThrottle.Admission.check(Duration.ZERO), throttle.admit("10.0.0.1"));
  }

  @Test
  void guesses_sent_in_parallel_do_not_slip_past_the_closed_door() throws Exception {
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<GuessThrottle.Admission>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return throttle.admit("10.0.0.9");
              }));
    }
    start.countDown();
    int checked = 0;
    for (Future<GuessThrottle.Admission> result : results) {
      if (result.get(10, TimeUnit.SECONDS).admitted()) {
        checked++;
      }
    }
    pool.shutdown();
    // three free failures and the fourth, which closes the door; the clock did not move
    assertEquals(4, checked);
  }

  @Test
  void a_full_table_forgets_the_oldest_address_and_never_refuses_a_new_one() {
    for (int i = 0; i < GuessThrottle.MAX_ADDRESSES; i++) {
      throttle.admit("10.1." + (i / 256) + "." + (i % 256));
      now[0] += 1;
    }
    assertEquals(GuessThrottle.MAX_ADDRESSES, throttle.trackedAddresses());

    GuessThrottle.Admission newcomer = throttle.admit("192.0.2.1");

    assertTrue(newcomer.admitted());
    assertEquals(GuessThrottle.MAX_ADDRESSES, throttle.trackedAddresses());
    // the oldest entry (10.1.0.0) was forgotten: it starts again with free failures
    for (int i = 0; i < 3; i++) {
      throttle.admit("10.1.0.1");
    }
    assertFalse(throttle.admit("10.1.0.1").delay().isZero(), "10.1.0.1 was kept");
  }
}
