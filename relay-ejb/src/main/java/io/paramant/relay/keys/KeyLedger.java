package io.paramant.relay.keys;

import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;

/**
 * What the directory needs of the sector's transparency log: {@code TransparencyLog} in the
 * container, a {@code SectorLog} in tests.
 */
interface KeyLedger {

  /** Appends a {@code pubkey} leaf and returns its index once it is durable. */
  long appendPubkey(byte[] fingerprint, byte[] binding);

  /** The entry at {@code index}, or null when the log has no such leaf. */
  LogEntry entry(long index);

  /** A signed tree head that covers every leaf appended before this call. */
  SignedTreeHead sth();

  /** The proof that leaf {@code index} is in the tree of {@code treeSize} leaves. */
  InclusionProof inclusionProof(long index, long treeSize);

  /** The key that signs the tree heads. */
  byte[] publicKey();
}
