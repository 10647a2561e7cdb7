package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void five_attempts_with_doubling_waits_from_half_a_second() {
    assertEquals(5, Backoff.MAX_ATTEMPTS);
    assertEquals(
        List.of(500L, 1_000L, 2_000L, 4_000L),
        IntStream.range(1, Backoff.MAX_ATTEMPTS).mapToObj(Backoff::delayAfter).toList());
  }

  @Test
  void no_attempt_follows_the_last_one() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.delayAfter(Backoff.MAX_ATTEMPTS));
    assertThrows(IllegalArgumentException.class, () -> Backoff.delayAfter(0));
  }
}
