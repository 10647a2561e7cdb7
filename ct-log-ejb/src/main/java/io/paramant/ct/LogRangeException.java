package io.paramant.ct;

import jakarta.ejb.ApplicationException;

/**
 * A caller asked for leaves, a tree size or a proof outside the log: the request is wrong, not the
 * log. An {@code @ApplicationException}, so the container passes it through unwrapped and does not
 * log it; no stack trace is captured, because it is an expected outcome.
 */
@ApplicationException
public class LogRangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogRangeException(String message) {
    super(message, null, false, false);
  }
}
