package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** A blob with the same hash is already stored. */
public class BlobExistsException extends RelayException {

  private static final long serialVersionUID = 1L;

  public BlobExistsException() {
    super(Kind.CONFLICT, "hash_exists", "A blob with this hash already exists.");
  }
}
