/**
 * The directory of device public keys ({@code /v2/pubkey}): which ML-KEM-768, P-256 and ML-DSA-65
 * keys a device id stands for, and the transparency-log leaf that proves when they were registered.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A device id is bound to its keys forever: registering the same keys again is answered with
 *       the first registration (no second leaf); other keys are refused (409), never substituted.
 *   <li>Every registration has its version-2 {@code pubkey} leaf, whose subject is the keys'
 *       fingerprint (SHA3-256 of {@code ml_kem || p256 || ml_dsa}, absent keys omitted — what the
 *       client computes) and whose binding is {@code DeviceBinding.of(namespace, device id)}. The
 *       leaf and the directory record are both durable before the registration is acknowledged. The
 *       leaf holds hashes only: never the keys, the device id, the namespace or the account.
 *   <li>Device ids live in a namespace: the registering account's team if it has one, else the
 *       account. A lookup searches the caller's namespace only, so another account's devices are
 *       "not found", never "forbidden". An account whose team changes sees the namespace of its new
 *       team.
 *   <li>An account registers at most {@code Plan.maxDevices()} devices (free 5, pro 50, enterprise
 *       unlimited). A device never goes away, so a plan downgrade keeps the devices already there
 *       and refuses new ones. A namespace (all accounts of a team together) holds at most {@code
 *       KeyDirectory.MAX_NAMESPACE_DEVICES} (10,000) devices, whatever the plans: its directory is
 *       served whole, never truncated or paged.
 *   <li>The namespace directory ({@code GET /v2/pubkey}) lists the caller's namespace only, sorted
 *       by device id, every inclusion proof made against ONE signed tree head that was taken before
 *       the proofs (devices whose leaf is beyond it are left for the next call). A receiver of
 *       signed transfers resolves signers from its cached copy of it (PROTOCOL.md, "Sender
 *       signature"), so the relay does not learn which sender it is checking.
 * </ul>
 *
 * <h2>Durability: an append-only journal</h2>
 *
 * Registrations are kept in {@code <paramant.data>/<sector>/pubkeys.journal}, created owner-only
 * ({@code rw-------}) in the owner-only sector directory, and replayed into memory at start. It is
 * append-only rather than a file replaced atomically on every change, because registrations are
 * never changed or removed: an append writes one record (a few KiB) and one fsync instead of
 * rewriting every device. The file uses the transparency log's journal framing ({@link
 * io.paramant.ct.journal.Journal}: a header line, then length- and CRC32C-framed records; the
 * header names the framing, not the content), so it inherits its guarantees: an append that
 * returned is on disk, a torn tail from a crash is cut on start, damage beyond that fails the
 * start, and a second relay process cannot open the same file. Each record is a small JSON object
 * (see {@code DeviceRecord}).
 *
 * <p>The log leaf is appended first, then the directory record. A crash between the two leaves a
 * leaf of a registration that was never acknowledged (harmless: the client registers again and gets
 * a new leaf), never a registration without its leaf. On start every record is checked against its
 * leaf; a directory that does not match its log fails the deployment.
 *
 * <h2>Concurrency</h2>
 *
 * Lookups and directory listings read concurrent maps without locking (the per-namespace index is a
 * {@code ConcurrentSkipListMap}, so a listing is sorted without sorting, and each device's leaf
 * entry is kept in memory from start or registration, so a listing reads no journal). Registrations
 * take one lock for the device-limit check, the log append and the journal append, so that two
 * registrations of one device id or one account's last free device cannot both succeed; an
 * identical repeated registration is answered without the lock.
 */
package io.paramant.relay.keys;
