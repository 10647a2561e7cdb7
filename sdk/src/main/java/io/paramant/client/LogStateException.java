package io.paramant.client;

/**
 * The client's stored state of a relay's log (the pinned key and the newest verified tree head)
 * cannot be read, trusted or written. Nothing was verified: a pinned key that cannot be read is
 * never silently replaced by whatever key the relay serves now. The message names the file.
 */
public final class LogStateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogStateException(String message) {
    super(message);
  }

  public LogStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
