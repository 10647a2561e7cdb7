package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** Picked up, expired, being picked up, or never stored: deliberately indistinguishable. */
public class DropNotFoundException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DropNotFoundException() {
    super(
        Kind.NOT_FOUND,
        "not_found",
        "No drop with that id is available (picked up, expired or never stored).");
  }
}
