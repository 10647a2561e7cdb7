package io.paramant.ct;

/**
 * A caller asked for leaves, a tree size or a proof outside the log: the request is wrong, not the
 * log. No stack trace is captured, because it is an expected outcome.
 *
 * <p>The container's {@code TransparencyLog} bean rethrows it as its subclass {@code
 * io.paramant.ct.ejb.ApplicationLogRangeException}, an application exception, which the container
 * passes through unwrapped and does not log (this library imports nothing from Jakarta EE, so it
 * cannot carry the annotation itself).
 */
public class LogRangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogRangeException(String message) {
    super(message, null, false, false);
  }
}
