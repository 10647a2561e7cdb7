package io.paramant.client.internal.envelope;

/**
 * What sealing one chunk produced; the blob itself is in the caller's buffer.
 *
 * @param sha256 lowercase hex SHA-256 of the whole padded blob: the hash the relay stores it under
 * @param fileId the file the chunk belongs to
 * @param chunkIndex the chunk's position, from 0
 * @param chunkCount the file's number of chunks
 */
public record SealedBlob(String sha256, FileId fileId, int chunkIndex, int chunkCount) {}
