package io.paramant.ct;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.List;

/**
 * Consecutive leaves of the log, each with its inclusion proof against the root that {@code
 * treeHead} signs, so that a client checks all of them against one signature.
 */
public record LeafPage(SignedTreeHead treeHead, List<ProvenLeaf> leaves) {

  public LeafPage {
    leaves = List.copyOf(leaves);
  }
}
