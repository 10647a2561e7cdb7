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
 */
package io.paramant.relay.blob;
