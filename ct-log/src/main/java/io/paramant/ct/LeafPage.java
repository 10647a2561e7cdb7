package io.paramant.ct;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.List;

/**
 * Consecutive leaves of the log, each with its inclusion proof against the tree of {@code treeSize}
 * leaves: by default the tree that {@code treeHead} signs, so that a client checks all of them
 * against one signature; or an older size the client asked for (whose head it verified before),
 * with the latest head beside it.
 */
public record LeafPage(SignedTreeHead treeHead, long treeSize, List<ProvenLeaf> leaves) {

  public LeafPage {
    if (treeSize > treeHead.treeSize()) {
      throw new IllegalArgumentException("a page's tree cannot be larger than its head's");
    }
    leaves = List.copyOf(leaves);
  }

  /** A page proven against the tree of {@code treeHead} itself. */
  public LeafPage(SignedTreeHead treeHead, List<ProvenLeaf> leaves) {
    this(treeHead, treeHead.treeSize(), leaves);
  }
}
