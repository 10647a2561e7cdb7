package io.paramant.relay;

/**
 * A client sent more requests than a limit allows; it may retry after {@link #retryAfterSeconds}.
 */
public class RateLimitedException extends RelayException {

  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  public RateLimitedException(int retryAfterSeconds, String detail) {
    this("rate_limited", retryAfterSeconds, detail);
  }

  /** A limit with a code of its own, e.g. {@code quota_exceeded} or {@code too_many_attempts}. */
  public RateLimitedException(String code, int retryAfterSeconds, String detail) {
    super(Kind.RATE_LIMITED, code, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds until a retry can succeed, at least 1. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
