package io.paramant.relay.delivery;

/**
 * A confirmed delivery.
 *
 * @param latencyMs milliseconds from the upload being stored to the confirmation
 * @param ctIndex index of the ack leaf in the sector's transparency log, durable
 */
public record AckReceipt(long latencyMs, long ctIndex) {}
