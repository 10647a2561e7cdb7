package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** The payload (or the request carrying it) exceeds {@code MAX_BLOB}. */
public class BlobTooLargeException extends RelayException {

  private static final long serialVersionUID = 1L;

  public BlobTooLargeException(String detail) {
    super(Kind.TOO_LARGE, "payload_too_large", detail);
  }
}
