package io.paramant.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file sent through a relay: the SHA-256 of every blob it was sealed into, in chunk order, and
 * what the sender knows about it. Immutable.
 *
 * <h2>The transfer id</h2>
 *
 * The receiver needs the blob hashes, in order, and nothing else: {@link #id()} writes them as one
 * line, {@code <hash of chunk 0>,<hash of chunk 1>,...}, 64 lowercase hex digits each, separated by
 * commas. A file of one chunk (up to {@value
 * io.paramant.client.internal.transfer.OutgoingFile#CHUNK_DATA_SIZE} bytes) therefore has the
 * blob's hash as its id, the form every Paramant client understands. The id is not secret (the
 * relay knows every hash) and holds no key: only the recipient's device keys (or the password) open
 * the blobs. {@link #parseId} reads an id back, also with white space around the commas and in
 * either letter case.
 */
public final class Transfer {

  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

  private final URI relay;
  private final String fileId;
  private final String fileName;
  private final long size;
  private final List<String> chunkHashes;
  private final String recipient;
  private final Duration ttl;

  /**
   * @param recipient the receiving device, or null for a password transfer
   * @param ttl the shortest time to live the relay applied to a chunk, or null if a receipt was
   *     lost
   */
  Transfer(
      URI relay,
      String fileId,
      String fileName,
      long size,
      List<String> chunkHashes,
      String recipient,
      Duration ttl) {
    this.relay = Objects.requireNonNull(relay, "relay");
    this.fileId = Objects.requireNonNull(fileId, "fileId");
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.size = size;
    this.chunkHashes = List.copyOf(chunkHashes);
    this.recipient = recipient;
    this.ttl = ttl;
    if (this.chunkHashes.isEmpty()) {
      throw new IllegalArgumentException("a transfer has at least one blob");
    }
  }

  /**
   * The hashes of a transfer id, in chunk order, lowercase.
   *
   * @throws IllegalArgumentException unless {@code id} is one or more hashes of 64 hex digits,
   *     separated by commas (white space around them is ignored), each hash once
   */
  public static List<String> parseId(String id) {
    Objects.requireNonNull(id, "id");
    List<String> hashes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String part : id.split(",", -1)) {
      String hash = part.strip();
      if (!HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException(
            "a transfer id is one or more blob hashes (64 hex digits each) separated by commas;"
                + " entry "
                + (hashes.size() + 1)
                + " is not a hash");
      }
      hash = hash.toLowerCase(Locale.ROOT);
      if (!seen.add(hash)) {
        throw new IllegalArgumentException(
            "a transfer id names every blob once; entry " + (hashes.size() + 1) + " repeats one");
      }
      hashes.add(hash);
    }
    return List.copyOf(hashes);
  }

  /** The transfer id: the blob hashes in chunk order, comma-separated (see the class notes). */
  public String id() {
    return String.join(",", chunkHashes);
  }

  /** The relay the blobs were stored on. */
  public URI relay() {
    return relay;
  }

  /** The SHA-256 of every blob, lowercase hex, in chunk order. */
  public List<String> chunkHashes() {
    return chunkHashes;
  }

  public int chunkCount() {
    return chunkHashes.size();
  }

  /** The 16-byte id in every blob header that ties the chunks together, in hex. */
  public String fileId() {
    return fileId;
  }

  /** The file's name as sealed into chunk 0 (the relay never sees it). */
  public String fileName() {
    return fileName;
  }

  /** The file's size in bytes. */
  public long size() {
    return size;
  }

  /** The receiving device; empty for a password transfer. */
  public Optional<String> recipient() {
    return Optional.ofNullable(recipient);
  }

  /**
   * The time to live the relay applied (the shortest over the chunks; the plan may clamp what was
   * asked for); empty if a receipt was lost to a retry.
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Transfer that
        && relay.equals(that.relay)
        && fileId.equals(that.fileId)
        && fileName.equals(that.fileName)
        && size == that.size
        && chunkHashes.equals(that.chunkHashes)
        && Objects.equals(recipient, that.recipient)
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relay, fileId, chunkHashes);
  }

  /** The transfer id, so that printing a transfer prints what a receiver needs. */
  @Override
  public String toString() {
    return id();
  }
}
