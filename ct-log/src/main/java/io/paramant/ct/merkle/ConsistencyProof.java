package io.paramant.ct.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The proof that the tree of size {@code firstSize} is a prefix of the tree of size {@code
 * secondSize}: the consistency path of RFC 9162 §2.1.4. Empty when the sizes are equal. Immutable;
 * the path is copied in and out.
 */
public final class ConsistencyProof {

  private final long firstSize;
  private final long secondSize;
  private final ProofPath path;

  /**
   * A proof as made by a {@link MerkleTree} or as received from a relay; nothing is checked until
   * {@link #verify}.
   */
  public ConsistencyProof(long firstSize, long secondSize, List<byte[]> path) {
    this.firstSize = firstSize;
    this.secondSize = secondSize;
    this.path = new ProofPath(path);
  }

  public long firstSize() {
    return firstSize;
  }

  public long secondSize() {
    return secondSize;
  }

  /** Copies of the path's hashes, in RFC 9162 order. */
  public List<byte[]> path() {
    return path.copy();
  }

  /**
   * Verifies exactly as RFC 9162 §2.1.4.2 that the tree with root {@code firstRoot} and {@code
   * firstSize} leaves is a prefix of the tree with root {@code secondRoot} and {@code secondSize}
   * leaves. The RFC requires {@code 0 < firstSize}; equal sizes need an empty proof and equal
   * roots.
   *
   * @throws InvalidProofException if it is not
   */
  public void verify(TreeHasher hasher, byte[] firstRoot, byte[] secondRoot) {
    Objects.requireNonNull(firstRoot, "firstRoot");
    Objects.requireNonNull(secondRoot, "secondRoot");
    if (firstSize <= 0 || secondSize < firstSize) {
      throw new InvalidProofException(
          "there is no consistency proof from size " + firstSize + " to size " + secondSize);
    }
    if (firstSize == secondSize) {
      if (path.length() != 0) {
        throw new InvalidProofException("trees of equal size need an empty consistency proof");
      }
      requireEqual(firstRoot, secondRoot, "the trees have the same size but different roots");
      return;
    }
    if (path.length() == 0) {
      throw new InvalidProofException("the consistency proof is empty");
    }
    List<byte[]> nodes = new ArrayList<>(path.length() + 1);
    if ((firstSize & (firstSize - 1)) == 0) {
      // The first tree is a complete subtree of the second: its root is the path's first node.
      nodes.add(firstRoot);
    }
    nodes.addAll(path.view());
    long fn = firstSize - 1;
    long sn = secondSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = nodes.get(0);
    byte[] sr = nodes.get(0);
    for (byte[] c : nodes.subList(1, nodes.size())) {
      if (sn == 0) {
        throw new InvalidProofException("the consistency proof has too many hashes");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hasher.hashChildren(c, fr);
        sr = hasher.hashChildren(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = hasher.hashChildren(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException("the consistency proof has too few hashes");
    }
    requireEqual(fr, firstRoot, "the proof does not lead to the first root");
    requireEqual(sr, secondRoot, "the proof does not lead to the second root");
  }

  private static void requireEqual(byte[] computed, byte[] expected, String failure) {
    if (!MessageDigest.isEqual(computed, expected)) {
      throw new InvalidProofException(failure);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConsistencyProof proof
        && firstSize == proof.firstSize
        && secondSize == proof.secondSize
        && path.equals(proof.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstSize, secondSize, path);
  }

  @Override
  public String toString() {
    return "ConsistencyProof[firstSize="
        + firstSize
        + ", secondSize="
        + secondSize
        + ", path="
        + path
        + "]";
  }
}
