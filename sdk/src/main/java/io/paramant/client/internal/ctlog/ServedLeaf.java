package io.paramant.client.internal.ctlog;

import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.LogEntry;

/**
 * One leaf as a relay served it: its index, the fields its leaf bytes are rebuilt from, and the
 * separate {@code blob_hash} field. The served {@code leaf_hash} is not kept: the client computes
 * it.
 *
 * @param blobHash the {@code blob_hash} field, or null where the relay sent none
 * @param leafHash the leaf's hash as the client computed it from the leaf bytes (never the relay's
 *     {@code leaf_hash}); kept so that a reader of many leaves hashes each once
 */
public record ServedLeaf(long index, LogEntry entry, String blobHash, byte[] leafHash) {

  /** A leaf whose hash is computed from its entry. */
  public ServedLeaf(long index, LogEntry entry, String blobHash) {
    this(index, entry, blobHash, SectorLog.HASHER.hashLeaf(entry.encode()));
  }

  /** A copy of the leaf hash. */
  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }
}
