/**
 * The relay's HTTP API as the SDK calls it, and when a call is tried again.
 *
 * <h2>Retries never duplicate a blob</h2>
 *
 * Every request is retried after a network error and after 429, 502, 503 and 504, waiting the
 * relay's {@code Retry-After} or an exponential backoff ({@link
 * io.paramant.client.internal.relay.RetryPolicy}). That is safe because every request the SDK makes
 * is idempotent in effect:
 *
 * <ul>
 *   <li>an upload is retried with the very bytes that were sealed, under their SHA-256, never
 *       sealed again (a new seal draws new keys and padding, so it would be a second blob under a
 *       second hash). If an attempt stored the blob but its answer was lost, the retry is refused
 *       with 409 {@code hash_exists}; that proves the earlier attempt stored it (nobody else can
 *       have bytes with that hash: they hash fresh random padding), so it counts as stored. The
 *       relay's status route is asked once more; a blob that is no longer available was already
 *       downloaded by its receiver, which is a delivery, not a failure. A drop works the same way
 *       with 409 {@code drop_exists};
 *   <li>a download cut off by the network left the blob on the relay (it is burned only once its
 *       last byte was written), so it is asked for again; a download that reached the client burns
 *       the blob, which is why the receiver keeps it on disk before doing anything else with it;
 *   <li>a key registration repeated with the same keys is answered with the first one.
 * </ul>
 *
 * Every other status is final and reported with the relay's error code; a 404 of a blob, drop or
 * device is reported as such ({@code TransferException.Reason.GONE} or {@code UNKNOWN_DEVICE}),
 * because asking again will not help.
 */
package io.paramant.client.internal.relay;
