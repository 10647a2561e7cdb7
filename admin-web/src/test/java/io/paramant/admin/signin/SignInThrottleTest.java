package io.paramant.admin.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void threeFailuresAreFreeThenEachFailureDoublesTheWait() {
    ManualClock clock = new ManualClock();
    SignInThrottle throttle = new SignInThrottle(clock);
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, throttle.failed("10.0.0.1"));
      assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
    }
    assertEquals(Duration.ofSeconds(1), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(1), throttle.waitFor("10.0.0.1"));
    clock.now = clock.now.plusSeconds(1);
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
    assertEquals(Duration.ofSeconds(2), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(4), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.2"), "other addresses are not slowed");
  }

  @Test
  void theWaitIsCappedAndASuccessClearsIt() {
    SignInThrottle throttle = new SignInThrottle(new ManualClock());
    Duration last = Duration.ZERO;
    for (int i = 0; i < 40; i++) {
      last = throttle.failed("a");
    }
    assertEquals(SignInThrottle.MAX_BLOCK, last);
    throttle.succeeded("a");
    assertEquals(Duration.ZERO, throttle.waitFor("a"));
  }

  @Test
  void blockGrowsAsDocumented() {
    assertEquals(Duration.ZERO, SignInThrottle.block(3));
    assertEquals(Duration.ofSeconds(1), SignInThrottle.block(4));
    assertEquals(Duration.ofSeconds(256), SignInThrottle.block(12));
    assertEquals(Duration.ofMinutes(5), SignInThrottle.block(13));
  }
}
