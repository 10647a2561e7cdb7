package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** The declared hash is not the SHA-256 of the bytes received. */
public class HashMismatchException extends RelayException {

  private static final long serialVersionUID = 1L;

  public HashMismatchException() {
    super(Kind.INVALID, "hash_mismatch", "hash is not the SHA-256 of the payload.");
  }
}
