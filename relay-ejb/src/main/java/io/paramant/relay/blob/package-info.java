/**
 * The RAM-only, burn-on-read blob store.
 *
 * <h2>Memory</h2>
 *
 * Blob bytes live in direct (off-heap) slabs of exactly {@link
 * io.paramant.relay.blob.SlabPool#SLAB_SIZE} bytes, never in Java arrays: a 5 MiB {@code byte[]} is
 * a humongous object that a copying GC may leave behind in freed regions. The pool is a hard bound:
 * a slab is taken <em>before</em> the request body is read, so a full store answers "unavailable"
 * without spending memory, and heap use does not grow with the number of stored blobs. Slabs are
 * allocated lazily, so resident memory follows the stored bytes.
 *
 * <h2>Concurrency</h2>
 *
 * {@link io.paramant.relay.blob.BlobStore} is a singleton with bean-managed concurrency: no
 * container lock. The index is a {@code ConcurrentHashMap}; each {@link
 * io.paramant.relay.blob.StoredBlob} has an atomic state {@code PENDING → AVAILABLE → CLAIMED →
 * STREAMING → BURNED}. A blob is PENDING from the moment it holds its hash until its transfer leaf
 * is durable in the transparency log; only then is the upload acknowledged and the blob
 * downloadable, so every acknowledged upload has its leaf. Exactly one download can move a blob
 * from AVAILABLE to CLAIMED; a second concurrent request sees "not found". When the download has
 * written its last byte (STREAMING), the slab is overwritten with CSPRNG output and returned to the
 * pool; when the transfer fails the blob goes back to AVAILABLE and stays until its TTL. A claim
 * whose response never starts streaming is given back by the sweep. Expiry moves AVAILABLE → BURNED
 * only, so a slab is never recycled under a running download.
 *
 * <h2>Fairness between accounts</h2>
 *
 * A blob slot (one slab) is held from the moment an upload begins until its blob or drop is burned
 * or expires, or the upload fails. Each account may hold at most its plan's quota of the sector's
 * slots ({@link io.paramant.relay.blob.Slots}): by default free 1/8, pro 1/2 and enterprise 3/4 of
 * the capacity (at least 1 each), or {@code paramant.quota.<plan>} slots. An account is the API
 * key's account (users.json label): the device accounts of a team each have their own key and so
 * their own quota; revoking an account does not free the slots of blobs it stored (they wait for
 * their receivers). An upload over the quota is refused (429 {@code quota_exceeded}) before its
 * body is read; the check and the slab reservation are one atomic step per account, and every slot
 * is freed exactly once ({@link io.paramant.relay.blob.Slot}). Quota first, then capacity: an
 * account at its quota is told so even when the store is full.
 *
 * <h2>Observers</h2>
 *
 * Events ({@link io.paramant.relay.blob.BlobEvent}) are fired after the store's state is settled
 * (indexed and available, or removed and shredded), and an observer that throws is logged and
 * ignored: an upload's slot belongs to the store from the moment its commit begins, so a failing
 * observer can neither leave a shredded slab in the index nor free a slab twice.
 *
 * <h2>Anonymous drops</h2>
 *
 * A drop is stored under an id that the client derives from the drop's mnemonic (PROTOCOL.md), not
 * under the SHA-256 of its bytes, so it cannot go through the blob path with its hash check. It
 * uses the same slabs, {@link io.paramant.relay.blob.Upload} and {@link
 * io.paramant.relay.blob.Download} (one pickup, release on a failed transfer, shred on burn), but:
 *
 * <ul>
 *   <li>its own index: drop ids and blob hashes never collide, whatever their digits;
 *   <li>its own upload kind ({@code beginDrop}/{@code commitDrop}): a drop upload computes no hash
 *       and cannot be committed as a blob, nor a blob upload as a drop;
 *   <li>no transparency-log leaf: PROTOCOL.md defines no drop leaf type, and a public record of
 *       drops would add nothing a pickup could verify. A drop is AVAILABLE as soon as it is stored;
 *   <li>its own events (DropStored, DropPickedUp, DropExpired) without the id, so that push and
 *       webhooks, which follow blob events, never announce a drop;
 *   <li>the pickup needs no key (the id is the credential), so it is limited per client address by
 *       {@link io.paramant.relay.blob.PickupLimiter}.
 * </ul>
 *
 * <h2>Client addresses behind a proxy</h2>
 *
 * The pickup limit counts the request's client address as relay-web's {@code
 * io.paramant.relay.clients} defines it: the TCP peer's address, or, only when the peer is one of
 * the configured trusted proxies ({@code paramant.trusted-proxies}), the address that proxy
 * forwards in {@code X-Forwarded-For}. A header from any other peer is ignored, so a direct client
 * cannot pick a fresh address for each attempt.
 */
package io.paramant.relay.blob;
