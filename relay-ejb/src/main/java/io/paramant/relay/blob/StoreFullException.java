package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** Every slab is in use; the client should retry after {@link #retryAfterSeconds()}. */
public class StoreFullException extends RelayException {

  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  public StoreFullException(int retryAfterSeconds) {
    super(Kind.UNAVAILABLE, "relay_at_capacity", "The relay is at capacity; retry later.");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
