package io.paramant.relay.blob;

/**
 * Availability of a blob without consuming it.
 *
 * @param available whether a download would succeed now
 * @param bytes the blob's size when available
 * @param ttlRemainingMs milliseconds until it expires when available
 */
public record BlobStatus(boolean available, long bytes, long ttlRemainingMs) {

  static final BlobStatus GONE = new BlobStatus(false, 0, 0);
}
