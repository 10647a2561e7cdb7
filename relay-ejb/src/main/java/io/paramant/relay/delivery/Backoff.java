package io.paramant.relay.delivery;

/**
 * When a webhook event is attempted: at once, then after 0.5 s, 1 s, 2 s and 4 s (exponential, no
 * jitter: a few receivers per event, not a crowd), {@link #MAX_ATTEMPTS} attempts in all, so an
 * event is given up about 7.5 s plus the attempts' own time (each at most {@link
 * Webhooks#REQUEST_TIMEOUT} and {@link Webhooks#CONNECT_TIMEOUT}) after its first attempt.
 */
final class Backoff {

  static final int MAX_ATTEMPTS = 5;
  static final long FIRST_RETRY_DELAY_MS = 500;

  private Backoff() {}

  /**
   * Milliseconds to wait after attempt {@code failed} before the next one.
   *
   * @param failed the number of the attempt that failed, 1 to {@code MAX_ATTEMPTS - 1}
   */
  static long delayAfter(int failed) {
    if (failed < 1 || failed >= MAX_ATTEMPTS) {
      throw new IllegalArgumentException("no attempt follows attempt " + failed);
    }
    return FIRST_RETRY_DELAY_MS << (failed - 1);
  }
}
