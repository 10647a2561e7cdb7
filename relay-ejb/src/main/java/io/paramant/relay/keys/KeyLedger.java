package io.paramant.relay.keys;

import io.paramant.ct.LeafPage;

/**
 * What the directory needs of the sector's transparency log: {@code TransparencyLog} in the
 * container, a {@code SectorLog} in tests.
 */
interface KeyLedger {

  /** Appends a {@code pubkey} leaf and returns its index once it is durable. */
  long appendPubkey(byte[] fingerprint, byte[] binding);

  /** Leaves {@code [from, to)} with inclusion proofs against a tree head that covers them. */
  LeafPage leaves(long from, long to);

  /** The key that signs the tree heads. */
  byte[] publicKey();
}
