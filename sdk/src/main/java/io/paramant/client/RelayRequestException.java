package io.paramant.client;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to a relay did not get a usable answer: no connection, a timeout, or an HTTP error
 * status. Unlike {@link LogVerificationException} it says nothing about the relay's honesty, and
 * asking again later may succeed.
 *
 * <p>The message is one line. Where the relay sent the API's error JSON, its machine code is kept
 * ({@link #errorCode()}) and its human text appears in the message with control characters removed
 * and cut to a short length, because it comes from the relay and ends up on a terminal.
 */
public final class RelayRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;

  /** No HTTP response at all: {@code message} says why. */
  public RelayRequestException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.errorCode = null;
  }

  /**
   * An HTTP error status.
   *
   * @param errorCode the API's machine code ({@code "not_found"}), or null if the body had none
   */
  public RelayRequestException(String message, int status, String errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the relay's answer; empty if there was no answer. */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The {@code error} code of the relay's error JSON, if it sent one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
