package io.paramant.ct.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaves {@code [0, size)} of a log summarised by the roots of the complete subtrees that cover
 * them (one per set bit of {@code size}, largest first: the tree's left frontier, a "compact range"
 * in the sense of Trillian's {@code compact} package). It is all a reader needs to go on reading a
 * log: appending the next leaf hashes and folding the frontier gives the root of every larger tree,
 * so a reader that rebuilds the root of a verified head from the leaves it read has proven every
 * one of them at its index, without an inclusion proof per leaf, and the frontier it keeps ({@code
 * popcount(size)} hashes, at most 64) lets it continue later from where it stopped.
 *
 * <p>The fold is exactly RFC 9162 §2.1.1: a tree of {@code n} leaves splits at the largest power of
 * two below {@code n}, which is the largest complete subtree of the frontier; the right part splits
 * the same way. Not thread-safe.
 */
public final class CompactRange {

  private final TreeHasher hasher;
  private final List<byte[]> subtrees;
  private long size;

  private CompactRange(TreeHasher hasher, long size, List<byte[]> subtrees) {
    this.hasher = hasher;
    this.size = size;
    this.subtrees = subtrees;
  }

  /** The range of the empty tree. */
  public static CompactRange empty(TreeHasher hasher) {
    return new CompactRange(hasher, 0, new ArrayList<>());
  }

  /**
   * A range kept from earlier: {@code subtrees} are the roots of the complete subtrees covering
   * {@code [0, size)}, largest first, as {@link #subtrees()} gave them.
   *
   * @throws IllegalArgumentException unless there is one hash of the hasher's length per set bit of
   *     {@code size}
   */
  public static CompactRange of(TreeHasher hasher, long size, List<byte[]> subtrees) {
    if (size < 0 || subtrees.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "a range of " + size + " leaves has " + Long.bitCount(Math.max(0, size)) + " subtrees");
    }
    List<byte[]> copy = new ArrayList<>(subtrees.size());
    for (byte[] hash : subtrees) {
      if (hash.length != hasher.hashLength()) {
        throw new IllegalArgumentException("a subtree hash has " + hasher.hashLength() + " bytes");
      }
      copy.add(hash.clone());
    }
    return new CompactRange(hasher, size, copy);
  }

  /** The number of leaves covered. */
  public long size() {
    return size;
  }

  /** Appends the leaf hash ({@code H(0x00 || leaf)}) of leaf {@code size()}. */
  public void append(byte[] leafHash) {
    if (leafHash.length != hasher.hashLength()) {
      throw new IllegalArgumentException("a leaf hash has " + hasher.hashLength() + " bytes");
    }
    byte[] node = leafHash.clone();
    // Each trailing one bit of the old size is a complete subtree of the new leaf's width: merge.
    for (long n = size; (n & 1) == 1; n >>>= 1) {
      node = hasher.hashChildren(subtrees.remove(subtrees.size() - 1), node);
    }
    subtrees.add(node);
    size++;
  }

  /** The root of the tree of {@link #size()} leaves (RFC 9162 {@code MTH}). */
  public byte[] rootHash() {
    if (subtrees.isEmpty()) {
      return hasher.emptyRoot();
    }
    byte[] root = subtrees.get(subtrees.size() - 1).clone();
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      root = hasher.hashChildren(subtrees.get(i), root);
    }
    return root;
  }

  /** Whether the root equals {@code expected}, compared in constant time. */
  public boolean hasRoot(byte[] expected) {
    return MessageDigest.isEqual(rootHash(), expected);
  }

  /** The roots of the complete subtrees, largest first: what {@link #of} takes back. */
  public List<byte[]> subtrees() {
    return subtrees.stream().map(byte[]::clone).toList();
  }
}
