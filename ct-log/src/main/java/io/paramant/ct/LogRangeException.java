package io.paramant.ct;

/**
 * A caller asked for leaves, a tree size or a proof outside the log: the request is wrong, not the
 * log. No stack trace is captured, because it is an expected outcome.
 *
 * <p>In the container it is an application exception: {@code ct-log-ejb}'s {@code
 * META-INF/ejb-jar.xml} declares it so (this library imports nothing from Jakarta EE, so it cannot
 * carry {@code @ApplicationException}), and the container passes it through the {@code
 * TransparencyLog} bean unwrapped and does not log it.
 */
public class LogRangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogRangeException(String message) {
    super(message, null, false, false);
  }
}
