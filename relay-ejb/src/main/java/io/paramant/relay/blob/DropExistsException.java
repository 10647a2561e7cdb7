package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** A drop with the same id is already stored. */
public class DropExistsException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DropExistsException() {
    super(Kind.CONFLICT, "drop_exists", "A drop with this id already exists.");
  }
}
