package io.paramant.relay.blob;

/**
 * What the store accepted.
 *
 * @param hash lowercase hex SHA-256 of the blob
 * @param size bytes stored
 * @param ttlMs the time to live actually applied
 */
public record StoredReceipt(String hash, int size, long ttlMs) {}
