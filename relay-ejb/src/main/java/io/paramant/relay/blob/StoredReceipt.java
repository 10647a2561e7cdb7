package io.paramant.relay.blob;

/**
 * What the store accepted.
 *
 * @param hash lowercase hex SHA-256 of the blob
 * @param size bytes stored
 * @param ttlMs the time to live actually applied
 * @param ctIndex the index of the transfer's leaf in the sector's transparency log
 */
public record StoredReceipt(String hash, int size, long ttlMs, long ctIndex) {}
