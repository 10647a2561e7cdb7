package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.accounts.GuessThrottle.Outcome;
import io.paramant.accounts.GuessThrottle.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
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

  private Verdict wrong(String address) {
    return throttle.attempt(address, () -> false);
  }

  private Verdict right(String address) {
    return throttle.attempt(address, () -> true);
  }

  private static Verdict verdict(Outcome outcome, Duration wait) {
    return new Verdict(outcome, wait);
  }

  @Test
  void three_failures_are_free_then_each_failure_doubles_the_wait() {
    for (int i = 0; i < 3; i++) {
      assertEquals(verdict(Outcome.WRONG, Duration.ZERO), wrong("10.0.0.1"));
    }
    assertEquals(verdict(Outcome.WRONG, Duration.ofSeconds(1)), wrong("10.0.0.1"));
    assertEquals(verdict(Outcome.THROTTLED, Duration.ofSeconds(1)), right("10.0.0.1"));
    now[0] += SECOND / 2;
    assertEquals(verdict(Outcome.THROTTLED, Duration.ofMillis(500)), wrong("10.0.0.1"));
    now[0] += SECOND / 2; // the clock passes Long.MAX_VALUE here: differences still hold
    assertEquals(verdict(Outcome.WRONG, Duration.ofSeconds(2)), wrong("10.0.0.1"));
    now[0] += 2 * SECOND;
    assertEquals(verdict(Outcome.WRONG, Duration.ofSeconds(4)), wrong("10.0.0.1"));
    assertEquals(
        verdict(Outcome.WRONG, Duration.ZERO), wrong("10.0.0.2"), "other addresses are not slowed");
  }

  @Test
  void the_wait_is_capped_and_a_success_clears_the_address() {
    Verdict last = null;
    for (int i = 0; i < 40; i++) {
      last = wrong("a");
      now[0] += GuessThrottle.MAX_BLOCK.toNanos();
    }
    assertEquals(verdict(Outcome.WRONG, GuessThrottle.MAX_BLOCK), last);
    assertEquals(verdict(Outcome.ACCEPTED, Duration.ZERO), right("a"));
    assertEquals(verdict(Outcome.WRONG, Duration.ZERO), wrong("a"), "free failures again");
    assertEquals(1, throttle.trackedAddresses(), "only a's new failure is on record");
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
  void a_success_leaves_nothing_on_record() {
    assertEquals(verdict(Outcome.ACCEPTED, Duration.ZERO), right("10.0.0.3"));
    assertEquals(0, throttle.trackedAddresses());
  }

  @Test
  void a_comparison_that_throws_counts_as_a_wrong_token_and_leaves_no_attempt_in_flight() {
    for (int i = 0; i < 3; i++) {
      assertThrows(
          IllegalStateException.class,
          () ->
              throttle.attempt(
                  "10.0.0.4",
                  () -> {
                    throw new IllegalStateException("broken");
                  }));
    }
    assertEquals(verdict(Outcome.WRONG, Duration.ofSeconds(1)), wrong("10.0.0.4"));
    now[0] += SECOND;
    assertEquals(verdict(Outcome.ACCEPTED, Duration.ZERO), right("10.0.0.4"));
    assertEquals(0, throttle.trackedAddresses());
  }

  /** The attacker: 32 guesses at once from one address, each comparison held until all arrived. */
  @Test
  void a_burst_of_guesses_gets_at_most_eight_compared_and_then_the_door_closes() throws Exception {
    Map<Outcome, Integer> outcomes = burst("10.0.0.9", 32, false);
    assertEquals(Map.of(Outcome.WRONG, 8, Outcome.THROTTLED, 24), outcomes);
    // eight failures on record: the eighth closed the door for block(8) = 16 s
    assertEquals(verdict(Outcome.THROTTLED, Duration.ofSeconds(16)), wrong("10.0.0.9"));
    now[0] += 16 * SECOND;
    // past the free failures, one attempt at a time
    assertEquals(Map.of(Outcome.WRONG, 1, Outcome.THROTTLED, 7), burst("10.0.0.9", 8, false));
  }

  /** Failures already on record count against the burst: two of them leave room for six. */
  @Test
  void failures_on_record_shrink_the_burst() throws Exception {
    wrong("10.0.0.7");
    wrong("10.0.0.7");
    assertEquals(Map.of(Outcome.WRONG, 6, Outcome.THROTTLED, 26), burst("10.0.0.7", 32, false));
  }

  /** The admin's script: eight requests at once with the right token are all let in. */
  @Test
  void eight_attempts_at_once_with_the_right_token_are_all_accepted() throws Exception {
    assertEquals(Map.of(Outcome.ACCEPTED, 8), burst("10.0.0.8", 8, true));
    assertEquals(Map.of(Outcome.ACCEPTED, 8), burst("10.0.0.8", 8, true));
    assertEquals(0, throttle.trackedAddresses());
  }

  /**
   * {@code attempts} attempts from {@code address} on as many threads, started together; each
   * comparison waits until every attempt has been admitted or refused, so all admitted ones are in
   * flight at once.
   */
  private Map<Outcome, Integer> burst(String address, int attempts, boolean token)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CyclicBarrier start = new CyclicBarrier(attempts);
    CountDownLatch decided = new CountDownLatch(attempts);
    List<Future<Verdict>> results = new ArrayList<>();
    try {
      for (int i = 0; i < attempts; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  Verdict verdict =
                      throttle.attempt(
                          address,
                          () -> {
                            decided.countDown();
                            awaitQuietly(decided);
                            return token;
                          });
                  if (verdict.outcome() == Outcome.THROTTLED) {
                    decided.countDown();
                  }
                  return verdict;
                }));
      }
      Map<Outcome, Integer> outcomes = new TreeMap<>();
      for (Future<Verdict> result : results) {
        outcomes.merge(result.get(10, TimeUnit.SECONDS).outcome(), 1, Integer::sum);
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the burst did not gather");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_full_table_forgets_the_oldest_address_and_never_refuses_a_new_one() {
    for (int i = 0; i < GuessThrottle.MAX_ADDRESSES; i++) {
      wrong("10.1." + (i / 256) + "." + (i % 256));
      now[0] += 1;
    }
    assertEquals(GuessThrottle.MAX_ADDRESSES, throttle.trackedAddresses());

    assertEquals(verdict(Outcome.WRONG, Duration.ZERO), wrong("192.0.2.1"));

    assertEquals(GuessThrottle.MAX_ADDRESSES, throttle.trackedAddresses());
    // the oldest entry (10.1.0.0) made room; 10.1.0.1 was kept: its second and third failures
    // are free, the fourth is not
    wrong("10.1.0.1");
    wrong("10.1.0.1");
    assertEquals(verdict(Outcome.WRONG, Duration.ofSeconds(1)), wrong("10.1.0.1"));
  }
}
