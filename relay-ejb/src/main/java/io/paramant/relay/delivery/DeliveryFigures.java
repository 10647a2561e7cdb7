package io.paramant.relay.delivery;

/**
 * One account's delivery figures since the relay started (they are held in memory only).
 *
 * @param blobsInFlight the account's blobs stored now, not yet downloaded or expired
 * @param inbound blobs the account stored
 * @param burned blobs of the account downloaded (and shredded)
 * @param expired blobs of the account shredded at their TTL without a download
 * @param webhooksSent webhook events of the account's registrations that a receiver accepted (2xx)
 * @param total blobs of the account whose delivery ended: {@code burned + expired}
 * @param acked blobs of the account whose delivery a receiver confirmed ({@code POST /v2/ack})
 * @param successRate {@code acked / total}, 0 when {@code total} is 0
 */
public record DeliveryFigures(
    long blobsInFlight,
    long inbound,
    long burned,
    long expired,
    long webhooksSent,
    long total,
    long acked,
    double successRate) {}
