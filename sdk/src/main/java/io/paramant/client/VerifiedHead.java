package io.paramant.client;

import io.paramant.ct.sth.SignedTreeHead;
import java.net.URI;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A relay's signed tree head that {@link LogVerifier#verify()} accepted: signed by the relay's
 * pinned key and consistent with every head this client verified for the relay before. Immutable.
 */
public final class VerifiedHead {

  /** How the relay's key came to be trusted by this verification. */
  public enum Pinning {
    /**
     * No key was pinned for the relay: the key it serves (or the key id the caller expected) is
     * pinned now. Trust on first use: nothing before this head could be checked.
     */
    FIRST_USE,
    /**
     * The key pinned before; the head extends the head stored before ({@link #previousTreeSize()}).
     */
    PINNED,
    /**
     * Another key was pinned; the key id the caller expected replaced it, and the head stored under
     * the old key was dropped.
     */
    REPINNED
  }

  private final URI relay;
  private final long treeSize;
  private final String rootHash;
  private final Instant timestamp;
  private final String keyId;
  private final Pinning pinning;
  private final OptionalLong previousTreeSize;
  private final List<WitnessCosignature> cosignatures;

  VerifiedHead(
      URI relay,
      SignedTreeHead head,
      Pinning pinning,
      OptionalLong previousTreeSize,
      List<WitnessCosignature> cosignatures) {
    this.cosignatures = List.copyOf(cosignatures);
    this.relay = relay;
    this.treeSize = head.treeSize();
    this.rootHash = HexFormat.of().formatHex(head.rootHash());
    this.timestamp = Instant.ofEpochMilli(head.timestampMillis());
    this.keyId = head.keyId();
    this.pinning = pinning;
    this.previousTreeSize = previousTreeSize;
  }

  /** The relay's base URL, normalized (lowercase scheme and host, path ending in {@code /}). */
  public URI relay() {
    return relay;
  }

  /** The number of leaves in the log at this head. */
  public long treeSize() {
    return treeSize;
  }

  /** The Merkle root (SHA3-256) of the first {@link #treeSize()} leaves, lowercase hex. */
  public String rootHash() {
    return rootHash;
  }

  /** When the relay signed the head. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The id of the relay's key: lowercase hex SHA3-256 of its ML-DSA-65 public key. */
  public String keyId() {
    return keyId;
  }

  public Pinning pinning() {
    return pinning;
  }

  /**
   * The size of the head stored before, which this head was proven to extend; empty unless {@link
   * #pinning()} is {@link Pinning#PINNED}.
   */
  public OptionalLong previousTreeSize() {
    return previousTreeSize;
  }

  /**
   * The witness cosignatures checked on this head, one per witness, in the order served; empty for
   * a verifier without witnesses.
   */
  public List<WitnessCosignature> cosignatures() {
    return cosignatures;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedHead head
        && relay.equals(head.relay)
        && treeSize == head.treeSize
        && rootHash.equals(head.rootHash)
        && timestamp.equals(head.timestamp)
        && keyId.equals(head.keyId)
        && pinning == head.pinning
        && previousTreeSize.equals(head.previousTreeSize)
        && cosignatures.equals(head.cosignatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        relay, treeSize, rootHash, timestamp, keyId, pinning, previousTreeSize, cosignatures);
  }

  @Override
  public String toString() {
    return "VerifiedHead[relay="
        + relay
        + ", treeSize="
        + treeSize
        + ", rootHash="
        + rootHash
        + ", timestamp="
        + timestamp
        + ", keyId="
        + keyId
        + ", pinning="
        + pinning
        + ", previousTreeSize="
        + previousTreeSize
        + ", cosignatures="
        + cosignatures
        + "]";
  }
}
