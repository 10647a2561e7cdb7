package io.paramant.relay.delivery;

import io.paramant.relay.blob.Owner;

/**
 * A recent blob as the delivery records know it.
 *
 * @param hash the blob's SHA-256, lowercase hex
 * @param owner the account that stored it
 * @param storedAtMs when it was stored
 * @param deliveredAtMs when it was downloaded, or {@code null} while it waits for its download
 */
public record Tracked(String hash, Owner owner, long storedAtMs, Long deliveredAtMs) {

  public boolean delivered() {
    return deliveredAtMs != null;
  }
}
