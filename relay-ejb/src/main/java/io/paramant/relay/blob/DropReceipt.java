package io.paramant.relay.blob;

/**
 * What the store accepted as an anonymous drop. There is no log index: drops are not logged.
 *
 * @param id the drop id, lowercase hex
 * @param size bytes stored
 * @param ttlMs the time to live actually applied
 */
public record DropReceipt(String id, int size, long ttlMs) {}
