package io.paramant.relay.did;

import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;

/**
 * A DID with the evidence of its registration: its {@code did} leaf, and the proof that the leaf is
 * in the tree that {@code treeHead} signs.
 */
public record PublishedDid(
    BoundDid bound, LogEntry leaf, InclusionProof proof, SignedTreeHead treeHead) {}
