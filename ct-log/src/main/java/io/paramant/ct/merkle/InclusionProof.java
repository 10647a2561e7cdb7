package io.paramant.ct.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * The proof that the leaf at {@code leafIndex} is in the tree of size {@code treeSize}: the
 * inclusion path of RFC 9162 §2.1.3, sibling hashes from the leaf up to the root. Immutable; the
 * path is copied in and out.
 */
public final class InclusionProof {

  private final long leafIndex;
  private final long treeSize;
  private final ProofPath path;

  /**
   * A proof as made by a {@link MerkleTree} or as received from a relay; nothing is checked until
   * {@link #verify}.
   */
  public InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = new ProofPath(path);
  }

  public long leafIndex() {
    return leafIndex;
  }

  public long treeSize() {
    return treeSize;
  }

  /** Copies of the path's hashes, from the leaf's sibling up. */
  public List<byte[]> path() {
    return path.copy();
  }

  /**
   * Verifies exactly as RFC 9162 §2.1.3.2 that this proof leads from {@code leafHash} at {@code
   * leafIndex} to {@code rootHash} of a tree of {@code treeSize} leaves. The root must come from a
   * verified signed tree head of that size: the proof binds the size only through its shape.
   *
   * @param leafHash {@code H(0x00 || leaf)}, see {@link TreeHasher#hashLeaf(byte[])}
   * @throws InvalidProofException if it does not, or if {@code leafHash} is not a hash of {@code
   *     hasher}
   */
  public void verify(TreeHasher hasher, byte[] leafHash, byte[] rootHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(rootHash, "rootHash");
    if (leafHash.length != hasher.hashLength()) {
      // Else an empty "leaf hash" with an empty root and path would pass the steps below.
      throw new InvalidProofException(
          "a leaf hash has " + hasher.hashLength() + " bytes, not " + leafHash.length);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new InvalidProofException(
          "leaf index " + leafIndex + " is not in a tree of size " + treeSize);
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : path.view()) {
      if (sn == 0) {
        throw new InvalidProofException(
            "the proof is longer than the path from leaf " + leafIndex + " to the root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hasher.hashChildren(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = hasher.hashChildren(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException(
          "the proof is shorter than the path from leaf " + leafIndex + " to the root");
    }
    if (!MessageDigest.isEqual(r, rootHash)) {
      throw new InvalidProofException(
          "the proof does not lead from the leaf to the root of the tree of size " + treeSize);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InclusionProof proof
        && leafIndex == proof.leafIndex
        && treeSize == proof.treeSize
        && path.equals(proof.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(leafIndex, treeSize, path);
  }

  @Override
  public String toString() {
    return "InclusionProof[leafIndex="
        + leafIndex
        + ", treeSize="
        + treeSize
        + ", path="
        + path
        + "]";
  }
}
