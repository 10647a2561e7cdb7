package io.paramant.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code blob_ready} announcement of the relay's push stream: a blob for this account (and this
 * device, or no device in particular) was stored.
 *
 * @param hash the blob's SHA-256, lowercase hex: {@link GhostPipe#receive(BlobAnnouncement,
 *     java.nio.file.Path)} downloads it
 * @param size the blob's size in bytes
 * @param timestamp when the relay stored it
 */
public record BlobAnnouncement(String hash, long size, Instant timestamp) {

  public BlobAnnouncement {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
