package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/**
 * An upload's body arrived slower than the relay's floor and was cut off; its slot is free again.
 */
public class UploadTooSlowException extends RelayException {

  private static final long serialVersionUID = 1L;

  public UploadTooSlowException(long minBytesPerSecond) {
    super(
        Kind.TOO_SLOW,
        "upload_too_slow",
        "The request body arrived slower than "
            + minBytesPerSecond
            + " bytes per second and was cut off.");
  }
}
