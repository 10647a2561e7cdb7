package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.RateLimitedException;
import io.paramant.relay.RelayException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PickupLimiterTest {

  private final AtomicLong now = new AtomicLong(-5_000); // a monotonic clock may be negative
  private final PickupLimiter limiter = new PickupLimiter(10, 3, now::get);

  @Test
  void ten_pickups_per_minute_then_429_with_the_wait_until_the_oldest_leaves_the_window() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("192.0.2.1");
      now.addAndGet(1000);
    }
    RateLimitedException limited =
        assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));

    assertEquals(RelayException.Kind.RATE_LIMITED, limited.kind());
    assertEquals("rate_limited", limited.code());
    assertEquals(50, limited.retryAfterSeconds()); // the first pickup was 50 s ago
    now.addAndGet(49_999);
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
    now.addAndGet(1);
    limiter.acquire("192.0.2.1"); // the first one left the window
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
  }

  @Test
  void refused_attempts_do_not_extend_the_wait() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("192.0.2.1");
    }
    for (int i = 0; i < 100; i++) {
      assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
    }
    now.addAndGet(PickupLimiter.WINDOW_MS);
    limiter.acquire("192.0.2.1");
  }

  @Test
  void addresses_are_limited_separately() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("192.0.2.1");
    }
    limiter.acquire("192.0.2.2");
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
  }

  @Test
  void a_full_table_evicts_the_least_recently_active_client_and_refuses_no_new_one() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("192.0.2.1");
    }
    limiter.acquire("192.0.2.2");
    limiter.acquire("192.0.2.3");
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1")); // .1 is recent

    limiter.acquire("192.0.2.4"); // the table holds 3: .2, the least recently active, goes

    assertEquals(3, limiter.trackedClients());
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
    limiter.acquire("192.0.2.5"); // now .3 goes; .1 tried last and stays limited
    assertThrows(RateLimitedException.class, () -> limiter.acquire("192.0.2.1"));
    limiter.acquire("192.0.2.6");
    limiter.acquire("192.0.2.7");
    limiter.acquire("192.0.2.8"); // three newer clients: .1 was the least recently active
    limiter.acquire("192.0.2.1"); // forgotten, so admitted again
    assertEquals(3, limiter.trackedClients());
  }

  @Test
  void a_flood_of_distinct_addresses_within_a_minute_never_refuses_a_new_client() {
    PickupLimiter big = new PickupLimiter(10, 1000, now::get);
    for (int i = 0; i < 100_000; i++) {
      big.acquire("10." + (i >> 16) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
      if (i % 1000 == 0) {
        now.incrementAndGet(); // all within one window
      }
    }

    assertEquals(1000, big.trackedClients());
    big.acquire("192.0.2.1");
    big.acquire("2001:db8::1");
    assertEquals(1000, big.trackedClients());
  }

  @Test
  void clients_idle_for_a_minute_are_forgotten_by_the_sweep() {
    limiter.acquire("192.0.2.1");
    now.addAndGet(30_000);
    limiter.acquire("192.0.2.2");
    now.addAndGet(30_000);

    limiter.sweep();

    assertEquals(1, limiter.trackedClients()); // .2 was active 30 s ago and is still tracked
    now.addAndGet(30_000);
    limiter.sweep();
    assertEquals(0, limiter.trackedClients());
  }

  @Test
  void the_limit_is_validated() {
    assertThrows(IllegalStateException.class, () -> new PickupLimiter(0, 10, now::get));
    assertThrows(IllegalStateException.class, () -> new PickupLimiter(1001, 10, now::get));
    assertThrows(IllegalStateException.class, () -> new PickupLimiter(10, 0, now::get));
  }
}
