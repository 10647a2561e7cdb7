package io.paramant.relay.blob;

/**
 * What happens to blobs, published as CDI events so that metrics, push and webhooks follow the
 * store without the store knowing about them. Events carry hashes and sizes only, never bytes.
 *
 * <p>Anonymous drops have events of their own ({@link DropStored}, {@link DropPickedUp}, {@link
 * DropExpired}), so that an observer of {@link Stored} or {@link Burned} (push, webhooks) never
 * sees a drop. Drop events carry no drop id: a drop is never announced to anyone, and its id is the
 * only credential of its pickup.
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

  /**
   * An anonymous drop was stored; {@code owner} is the account whose key stored it (for its own
   * statistics only).
   */
  record DropStored(int size, Owner owner, long atMs) implements BlobEvent {}

  /** A drop's only pickup completed and its slab was shredded. */
  record DropPickedUp(int size, Owner owner, long atMs) implements BlobEvent {}

  /** A drop reached its TTL without a pickup and its slab was shredded. */
  record DropExpired(int size, Owner owner, long atMs) implements BlobEvent {}

  /** An upload (blob or drop) was refused because every slab was in use. */
  record RejectedAtCapacity(long atMs) implements BlobEvent {}

  /**
   * An upload (blob or drop) of {@code owner} was refused because the account held its plan's quota
   * of slots.
   */
  record RejectedOverQuota(Owner owner, long atMs) implements BlobEvent {}
}
