package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** Burned, expired, being downloaded, or never stored: deliberately indistinguishable. */
public class BlobNotFoundException extends RelayException {

  private static final long serialVersionUID = 1L;

  public BlobNotFoundException() {
    super(
        Kind.NOT_FOUND,
        "not_found",
        "No blob with that hash is available (burned, expired or never stored).");
  }
}
