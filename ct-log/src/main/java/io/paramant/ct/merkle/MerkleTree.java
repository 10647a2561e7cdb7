package io.paramant.ct.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An append-only RFC 9162 Merkle tree that answers for every size it has ever had: roots, inclusion
 * proofs and consistency proofs of any historical size, without rebuilding anything.
 *
 * <p>It stores the hash of every <em>complete</em> subtree, level by level: level {@code k} holds
 * the roots of the aligned subtrees of {@code 2^k} leaves, and only those never change. Every node
 * of the tree of any size {@code n} is either such a complete subtree or lies on the right edge of
 * the tree, and a right-edge node is the fold of the complete subtrees given by the binary digits
 * of its width. So a root costs at most {@code popcount(n) - 1} hashes, and a proof needs at most
 * one such fold besides reading stored nodes. Appending stores the new leaf hash and each parent it
 * completes: one node hash per leaf on average.
 *
 * <p>Single writer, concurrent readers: {@link #append} must not be called concurrently (the
 * journal serialises it); any thread may read any size up to {@link #size()} while it runs.
 */
public final class MerkleTree {

  /**
   * The fewest hashes of one level worth a parallel task in {@link #appendAll}: a SHA3-256 hash of
   * a leaf or node costs about 0.5 µs ({@link TreeHasher}), so a task of 1024 takes some 0.5 ms,
   * far more than handing it to another thread.
   */
  static final int PARALLEL_GRAIN = 1024;

  private final TreeHasher hasher;

  /** Level {@code k} holds the hashes of the complete aligned subtrees of {@code 2^k} leaves. */
  private final HashColumn[] levels = new HashColumn[Long.SIZE];

  /** The writer's buffer for the hash being appended. */
  private final byte[] scratch;

  /** The published size: every node of every tree up to this size is stored before it is set. */
  private volatile long size;

  public MerkleTree(TreeHasher hasher) {
    this.hasher = hasher;
    this.scratch = new byte[hasher.hashLength()];
  }

  /** The number of leaves published so far. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf and returns its index. Writer only.
   *
   * @param leaf the leaf's bytes; the tree hashes them as {@code H(0x00 || leaf)}
   */
  public long append(byte[] leaf) {
    long index = size;
    hasher.hashLeaf(leaf, scratch, 0);
    level(0).append(scratch, 0);
    // A node with an odd index closes a pair: its parent is now complete and goes one level up.
    long node = index;
    for (int k = 0; (node & 1) == 1; k++, node >>>= 1) {
      HashColumn children = levels[k];
      hasher.hashChildren(
          children.chunk(node - 1),
          children.offset(node - 1),
          children.chunk(node),
          children.offset(node),
          scratch,
          0);
      level(k + 1).append(scratch, 0);
    }
    size = index + 1;
    return index;
  }

  /**
   * Appends {@code leaves} in order, as many {@link #append} calls would, with the same hashes, but
   * hashes them, and then each level of the parents they complete, in parallel (the common
   * fork/join pool and the calling thread). A leaf's hash depends on the leaf alone and a parent's
   * on its two children alone, so level by level every hash of the level is independent of the
   * others. Publishes the new size once, after the last level is stored. Writer only: the journal's
   * replay of a log on opening, where the hashing is nearly all of the work.
   *
   * @param leaves the leaves' bytes; each is hashed as {@code H(0x00 || leaf)}
   */
  public void appendAll(List<byte[]> leaves) {
    int count = leaves.size();
    if (count == 0) {
      return;
    }
    int length = hasher.hashLength();
    long start = size;
    // New hashes of level k: indexes [first, first + count) of the level, packed in `hashes`.
    byte[] leafHashes = new byte[Math.multiplyExact(count, length)];
    inParallel(
        count,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            hasher.hashLeaf(leaves.get(i), leafHashes, i * length);
          }
        });
    byte[] hashes = leafHashes;
    long first = start;
    HashColumn column = level(0);
    store(column, hashes, count);
    for (int k = 0; ; k++) {
      // Parent j of level k + 1 has the children 2j and 2j + 1 of level k. The new parents are
      // those whose right child is new; the left child of the first one may be an older node.
      long parentsFirst = first >>> 1;
      int parents = (int) (((first + count) >>> 1) - parentsFirst);
      if (parents == 0) {
        break;
      }
      byte[] children = hashes;
      long childrenFirst = first;
      HashColumn stored = column;
      byte[] next = new byte[parents * length];
      inParallel(
          parents,
          (from, to) -> {
            for (int p = from; p < to; p++) {
              long left = 2 * (parentsFirst + p);
              int right = (int) (left + 1 - childrenFirst) * length;
              if (left < childrenFirst) {
                hasher.hashChildren(
                    stored.chunk(left), stored.offset(left), children, right, next, p * length);
              } else {
                hasher.hashChildren(children, right - length, children, right, next, p * length);
              }
            }
          });
      column = level(k + 1);
      store(column, next, parents);
      hashes = next;
      first = parentsFirst;
      count = parents;
    }
    size = start + leaves.size();
  }

  private void store(HashColumn column, byte[] hashes, int count) {
    int length = hasher.hashLength();
    for (int i = 0; i < count; i++) {
      column.append(hashes, i * length);
    }
  }

  /** Hashes to do, split in ranges {@code [from, to)}. */
  @FunctionalInterface
  private interface Ranges {
    void hash(int from, int to);
  }

  /**
   * Runs {@code ranges} over {@code [0, count)} in slices of {@link #PARALLEL_GRAIN}, in parallel
   * when there is more than one slice. Every slice has ended when this returns, and what they wrote
   * is visible to the caller (the fork/join join).
   */
  private static void inParallel(int count, Ranges ranges) {
    int slices = (count + PARALLEL_GRAIN - 1) / PARALLEL_GRAIN;
    if (slices <= 1) {
      ranges.hash(0, count);
      return;
    }
    IntStream.range(0, slices)
        .parallel()
        .forEach(
            slice ->
                ranges.hash(slice * PARALLEL_GRAIN, Math.min(count, (slice + 1) * PARALLEL_GRAIN)));
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(long index) {
    long published = size;
    if (index < 0 || index >= published) {
      throw new TreeRangeException("leaf " + index + " is not in the tree of size " + published);
    }
    return levels[0].copy(index);
  }

  /** The root of the tree at its current size. */
  public byte[] rootHash() {
    return rootHash(size);
  }

  /** The root of the tree when it had {@code treeSize} leaves, {@code 0 <= treeSize <= size()}. */
  public byte[] rootHash(long treeSize) {
    checkSize(treeSize);
    return treeSize == 0 ? hasher.emptyRoot() : subtreeHash(0, treeSize);
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of size {@code treeSize} (RFC 9162
   * §2.1.3.1), {@code 0 <= index < treeSize <= size()}.
   */
  public InclusionProof inclusionProof(long index, long treeSize) {
    checkSize(treeSize);
    if (index < 0 || index >= treeSize) {
      throw new TreeRangeException("leaf " + index + " is not in a tree of size " + treeSize);
    }
    // PATH(m, D[n]) walked from the root down; the RFC lists the siblings from the leaf up.
    List<byte[]> siblings = new ArrayList<>();
    long start = 0;
    long end = treeSize;
    while (end - start > 1) {
      long middle = start + Long.highestOneBit(end - start - 1);
      if (index < middle) {
        siblings.add(subtreeHash(middle, end));
        end = middle;
      } else {
        siblings.add(subtreeHash(start, middle));
        start = middle;
      }
    }
    Collections.reverse(siblings);
    return new InclusionProof(index, treeSize, siblings);
  }

  /**
   * The consistency proof between the trees of sizes {@code firstSize} and {@code secondSize} (RFC
   * 9162 §2.1.4.1), {@code 0 < firstSize <= secondSize <= size()}; empty when the sizes are equal.
   */
  public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
    checkSize(secondSize);
    if (firstSize <= 0 || firstSize > secondSize) {
      throw new TreeRangeException(
          "no consistency proof from size " + firstSize + " to size " + secondSize);
    }
    // SUBPROOF(m, D[n], b) walked from the root down; the RFC lists the nodes from the bottom up.
    List<byte[]> nodes = new ArrayList<>();
    long start = 0;
    long end = secondSize;
    boolean firstIsWholeSubtree = true;
    while (firstSize != end) {
      long middle = start + Long.highestOneBit(end - start - 1);
      if (firstSize <= middle) {
        nodes.add(subtreeHash(middle, end));
        end = middle;
      } else {
        nodes.add(subtreeHash(start, middle));
        start = middle;
        firstIsWholeSubtree = false;
      }
    }
    if (!firstIsWholeSubtree) {
      nodes.add(subtreeHash(start, end));
    }
    Collections.reverse(nodes);
    return new ConsistencyProof(firstSize, secondSize, nodes);
  }

  /**
   * MTH(D[start:end]) for a node of some tree of size at most {@link #size()}: a complete subtree,
   * or a right-edge node folded from the complete subtrees that the binary digits of its width
   * describe, rightmost (smallest) first.
   */
  private byte[] subtreeHash(long start, long end) {
    long rest = end - start;
    long width = Long.lowestOneBit(rest);
    rest -= width;
    byte[] hash = levelOf(width).copy(subtreeIndex(start + rest, width));
    while (rest != 0) {
      width = Long.lowestOneBit(rest);
      rest -= width;
      HashColumn level = levelOf(width);
      long left = subtreeIndex(start + rest, width);
      hasher.hashChildren(level.chunk(left), level.offset(left), hash, 0, hash, 0);
    }
    return hash;
  }

  /** The level that stores the complete subtrees of {@code width} leaves (a power of two). */
  private HashColumn levelOf(long width) {
    return levels[Long.numberOfTrailingZeros(width)];
  }

  /**
   * The index, within its level, of the complete subtree of {@code width} leaves at {@code first}.
   */
  private static long subtreeIndex(long first, long width) {
    assert first % width == 0 : "a subtree of " + width + " leaves cannot start at leaf " + first;
    return first / width;
  }

  private HashColumn level(int k) {
    if (levels[k] == null) {
      levels[k] = new HashColumn(hasher.hashLength());
    }
    return levels[k];
  }

  private void checkSize(long treeSize) {
    long published = size;
    if (treeSize < 0 || treeSize > published) {
      throw new TreeRangeException(
          "tree size " + treeSize + " is not between 0 and the current size " + published);
    }
  }
}
