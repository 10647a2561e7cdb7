package io.paramant.ct;

import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;

/**
 * A leaf with the proof of its inclusion in the tree of {@code proof.treeSize()} leaves.
 *
 * @param index the leaf's index in the log
 */
public record ProvenLeaf(long index, LogEntry entry, InclusionProof proof) {

  /** {@code SHA3-256(0x00 || entry.encode())}: what the proof starts from. */
  public byte[] leafHash() {
    return SectorLog.HASHER.hashLeaf(entry.encode());
  }
}
