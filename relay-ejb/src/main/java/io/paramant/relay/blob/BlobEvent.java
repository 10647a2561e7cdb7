package io.paramant.relay.blob;

/**
 * What happens to blobs, published as CDI events so that metrics, push and webhooks follow the
 * store without the store knowing about them. Events carry hashes and sizes only, never bytes.
 */
public sealed interface BlobEvent {

  /**
   * A blob was stored and can be downloaded. {@code device} is the addressed device or {@code
   * null}.
   */
  record Stored(String hash, int size, Owner owner, String device, long atMs)
      implements BlobEvent {}

  /** A blob's only download completed and its slab was shredded. */
  record Burned(String hash, int size, Owner owner, String device, long atMs)
      implements BlobEvent {}

  /** A blob reached its TTL without being downloaded and its slab was shredded. */
  record Expired(String hash, int size, Owner owner, long atMs) implements BlobEvent {}

  /** An upload was refused because every slab was in use. */
  record RejectedAtCapacity(long atMs) implements BlobEvent {}
}
