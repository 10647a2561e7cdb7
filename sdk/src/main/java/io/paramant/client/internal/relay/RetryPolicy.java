package io.paramant.client.internal.relay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * When a request to the relay is tried again: after a network error (no answer, a connection that
 * broke, a timeout) and after the statuses that say "later" (429, 502, 503, 504), at most {@code
 * maxAttempts} times in all.
 *
 * <p>The delay before attempt {@code k + 1} is the relay's {@code Retry-After} when it sent one
 * (capped at {@link #MAX_RETRY_AFTER}), else exponential backoff with "equal jitter": half of
 * {@code min(maxDelay, initialDelay * 2^(k-1))} plus a random part of the other half, so that many
 * clients refused at once do not come back at once, yet no client retries immediately.
 *
 * @param maxAttempts attempts in all, at least 1 (1 = never retry)
 * @param initialDelay the backoff after the first failed attempt (before jitter)
 * @param maxDelay the largest backoff (before jitter)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  /** Six attempts, 250 ms doubling to at most 8 s: about 15 s of patience without Retry-After. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(8));

  /** A relay's {@code Retry-After} beyond this is not waited out in full. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]{1,9}");

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  /** Whether another attempt may follow failed attempt number {@code attempt} (from 1). */
  public boolean mayRetry(int attempt) {
    return attempt < maxAttempts;
  }

  /** Whether an HTTP status says "try again later" (429, 502, 503, 504). */
  public static boolean retryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * The pause after failed attempt {@code attempt} (from 1).
   *
   * @param retryAfter the relay's {@code Retry-After}, if it sent a usable one
   * @param random uniform in [0, 1), for the jitter
   */
  public Duration delayAfter(int attempt, Optional<Duration> retryAfter, DoubleSupplier random) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
    long initial = initialDelay.toMillis();
    long cap = maxDelay.toMillis();
    // no overflow: the shift is bounded, and the result is capped before it grows further
    long backoff = initial << Math.min(Math.max(attempt - 1, 0), 30);
    if (backoff > cap || backoff < 0) {
      backoff = cap;
    }
    long half = backoff / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (backoff - half)));
  }

  /**
   * A {@code Retry-After} header (RFC 9110 section 10.2.3): delta-seconds or an HTTP date; empty if
   * absent or malformed. A date in the past is no wait.
   */
  public static Optional<Duration> parseRetryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    if (DELTA_SECONDS.matcher(value).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
