/**
 * Delivery: confirmations ({@code POST /v2/ack}), each account's figures ({@code GET /v2/monitor})
 * and webhooks ({@code POST /v2/webhook}). Everything here is in memory and follows the blob
 * store's events; a restart forgets it (blobs are RAM-only too, so nothing it describes survives a
 * restart either). Ack leaves in the transparency log are the only durable trace.
 *
 * <h2>Delivery records and their bounds</h2>
 *
 * {@link io.paramant.relay.delivery.Deliveries} keeps a record per recent blob: stored time, owner,
 * addressed device, download time, confirmed or not. A blob waiting for its download is tracked
 * until it is downloaded or expires (at most {@code DeliveryLedger.MAX_STORED} = 100,000 and 7 days
 * + 1 hour; in practice the store's capacity bounds it). A downloaded blob stays confirmable for 24
 * hours after its download, at most the 10,000 most recently downloaded ({@code MAX_DOWNLOADED});
 * the oldest are forgotten first, and a forgotten blob is answered 404 like an unknown one. A
 * record is about 300 bytes, so the records stay below a few MiB.
 *
 * <p>Per-account counters (stored, downloaded, expired, confirmed, webhooks delivered) are kept for
 * every account that stored a blob since the start, by account label, and reset at restart. They
 * are attributed to the account that <em>stored</em> the blob (its sender), whoever downloaded or
 * confirmed it; webhook deliveries to the account that registered the webhook.
 *
 * <h2>Webhooks</h2>
 *
 * {@link io.paramant.relay.delivery.Webhooks}: at most 100 registrations per account; a hash
 * registration is one-shot (it ends when its blob is downloaded, or expires), a device registration
 * lives 24 hours. Each event is attempted up to 5 times (at once, then after 0.5, 1, 2 and 4 s);
 * only a 2xx answer counts as delivered; redirects are not followed.
 *
 * <p><b>Keys.</b> The relay stores API keys only as SHA-256, but a webhook is signed with
 * HMAC-SHA256 keyed with the API key itself. So a registration holds a copy of the caller's raw key
 * (UTF-8 bytes), in memory only: never logged, never written anywhere, never in an event. The copy
 * is overwritten with zeros when the registration ends: after the one event of a hash registration
 * is signed, when a device registration's 24 hours are over, when a blob expires unread, when the
 * account is revoked or removed from users.json, when the registration is replaced by the same one,
 * and when the relay stops. Signing uses no JCE key object that would keep its own copy (see {@code
 * WebhookSignature}). What cannot be wiped: the request's header string, which is ordinary
 * short-lived garbage of the HTTP layer.
 *
 * <p><b>The effective key is the stored digest.</b> A key ({@code pgp_} + 64 hex digits) is 68
 * bytes, longer than SHA-256's 64-byte block, so HMAC (RFC 2104) signs with SHA-256(key): the very
 * {@code key_sha256} of users.json. Whoever reads users.json can forge an account's callbacks (not
 * call the API as it). The wire format is kept; docs/operations.md tells operators to protect
 * users.json like the keys.
 *
 * <h2>Address policy (SSRF)</h2>
 *
 * Only {@code http} and {@code https} URLs; the host is resolved at registration and again before
 * every attempt, and every address it resolves to must be public (see {@code TargetPolicy} for the
 * ranges, IPv6 and IPv4-embedding forms included), unless {@code paramant.webhook.allow-private} is
 * true (environment {@code PARAMANT_WEBHOOK_ALLOW_PRIVATE}, per sector {@code
 * PARAMANT_WEBHOOK_ALLOW_PRIVATE_<SECTOR>} in the launcher). An attempt whose check finds a refused
 * address is not made, and the event ends as {@code refused}.
 *
 * <p><b>DNS rebinding.</b> The JDK 17 HTTP client cannot be told which address to connect to: it
 * has no resolver hook (the resolver SPI arrived in JDK 18, and is JVM-wide), connecting to the
 * vetted IP literal instead of the name would need a {@code Host} header (a restricted header of
 * the JDK client) and, for https, would send no SNI and check the certificate against the IP
 * instead of the name. What is done instead: the check runs on the attempt's own thread right
 * before the request; the JDK resolver caches a positive answer (30 s by default), so the client's
 * own lookup a few milliseconds later is normally served the very addresses just checked. The
 * residual window is that cache entry expiring between the two lookups. For https targets a
 * rebinding attack fails anyway at the TLS handshake (an internal service has no certificate for
 * the attacker's name); a registration that must be immune for plain http uses an IP literal, for
 * which no name is resolved at all.
 */
package io.paramant.relay.delivery;
