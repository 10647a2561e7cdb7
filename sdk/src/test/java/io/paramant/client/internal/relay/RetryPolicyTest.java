package io.paramant.client.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When and how long the SDK waits before it asks the relay again. */
class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(8));

  @ParameterizedTest
  @CsvSource({
    // attempt, backoff before jitter (ms): the delay is in [backoff/2, backoff]
    "1, 250",
    "2, 500",
    "3, 1000",
    "4, 2000",
    "5, 4000",
    "6, 8000",
    "7, 8000",
    "40, 8000"
  })
  void backoff_doubles_up_to_the_cap_with_equal_jitter(int attempt, long backoff) {
    assertEquals(backoff / 2, policy.delayAfter(attempt, Optional.empty(), () -> 0.0).toMillis());
    assertEquals(
        backoff - 1, policy.delayAfter(attempt, Optional.empty(), () -> 0.999_999_9).toMillis());
  }

  @Test
  void retry_after_replaces_the_backoff_and_is_capped_at_a_minute() {
    assertEquals(
        Duration.ofSeconds(5), policy.delayAfter(1, Optional.of(Duration.ofSeconds(5)), () -> 0.5));
    assertEquals(Duration.ZERO, policy.delayAfter(3, Optional.of(Duration.ZERO), () -> 0.5));
    assertEquals(
        RetryPolicy.MAX_RETRY_AFTER,
        policy.delayAfter(1, Optional.of(Duration.ofHours(1)), () -> 0.5));
  }

  @Test
  void attempts_end_at_the_maximum() {
    assertTrue(policy.mayRetry(5));
    assertFalse(policy.mayRetry(6));
    assertFalse(new RetryPolicy(1, Duration.ZERO, Duration.ZERO).mayRetry(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void later_statuses_are_retried(int status) {
    assertTrue(RetryPolicy.retryableStatus(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 403, 404, 409, 413, 500})
  void other_statuses_are_final(int status) {
    assertFalse(RetryPolicy.retryableStatus(status));
  }

  @Test
  void retry_after_is_read_as_seconds_or_as_an_http_date() {
    Instant now = Instant.parse("2025-11-26T10:00:00Z");

    assertEquals(
        Optional.of(Duration.ofSeconds(5)), RetryPolicy.parseRetryAfter(Optional.of(" 5 "), now));
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        RetryPolicy.parseRetryAfter(Optional.of("Wed, 26 Nov 2025 10:01:30 GMT"), now));
    assertEquals(
        Optional.of(Duration.ZERO),
        RetryPolicy.parseRetryAfter(Optional.of("Wed, 26 Nov 2025 09:00:00 GMT"), now),
        "a date in the past is no wait");
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.of("-5"), now));
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.of("soon"), now));
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.of("99999999999999"), now));
    assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(Optional.empty(), now));
  }

  @Test
  void nonsense_policies_are_refused() {
    assertThrows(
        IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }
}
