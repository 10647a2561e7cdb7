package io.paramant.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The proof, checked by {@link LogVerifier#verifyInclusion(String)}, that a blob's transfer is a
 * leaf of a relay's verified log: the relay cannot later deny having stored the blob. Immutable.
 */
public final class VerifiedInclusion {

  private final String blobHash;
  private final long leafIndex;
  private final long treeSize;
  private final String sector;
  private final Instant insertedAt;

  VerifiedInclusion(
      String blobHash, long leafIndex, long treeSize, String sector, Instant insertedAt) {
    this.blobHash = blobHash;
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.sector = sector;
    this.insertedAt = insertedAt;
  }

  /** The blob's SHA-256, lowercase hex. */
  public String blobHash() {
    return blobHash;
  }

  /** The index of the blob's transfer leaf. */
  public long leafIndex() {
    return leafIndex;
  }

  /** The size of the verified tree the leaf was proven in. */
  public long treeSize() {
    return treeSize;
  }

  /** The sector whose log holds the leaf. */
  public String sector() {
    return sector;
  }

  /** When the relay logged the transfer, as recorded in the leaf. */
  public Instant insertedAt() {
    return insertedAt;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedInclusion inclusion
        && blobHash.equals(inclusion.blobHash)
        && leafIndex == inclusion.leafIndex
        && treeSize == inclusion.treeSize
        && sector.equals(inclusion.sector)
        && insertedAt.equals(inclusion.insertedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(blobHash, leafIndex, treeSize, sector, insertedAt);
  }

  @Override
  public String toString() {
    return "VerifiedInclusion[blobHash="
        + blobHash
        + ", leafIndex="
        + leafIndex
        + ", treeSize="
        + treeSize
        + ", sector="
        + sector
        + ", insertedAt="
        + insertedAt
        + "]";
  }
}
