package io.paramant.relay.accounts;

import io.paramant.relay.RelayException;

/**
 * The admin console, which alone writes users.json, cannot be asked now: it is not configured, not
 * reachable, or answered with an error of its own. The caller may retry after {@link
 * #retryAfterSeconds}.
 */
public class AdminUnavailableException extends RelayException {

  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  AdminUnavailableException(String detail, int retryAfterSeconds) {
    super(Kind.UNAVAILABLE, "admin_unavailable", detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds to wait before a retry, at least 1. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
