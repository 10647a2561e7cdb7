package io.paramant.ct.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 written out recursively, exactly as the RFC defines MTH, PATH and PROOF: the oracle
 * that the stored-node tree is checked against. Slow (it rehashes whole subtrees), so only for
 * tests.
 */
final class Rfc9162 {

  private final TreeHasher hasher;

  Rfc9162(TreeHasher hasher) {
    this.hasher = hasher;
  }

  /** MTH(D[n]). */
  byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return hasher.emptyRoot();
    }
    if (n == 1) {
      return hasher.hashLeaf(d.get(0));
    }
    int k = split(n);
    return hasher.hashChildren(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  /** PATH(m, D[n]), the inclusion path of leaf m. */
  List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = split(n);
    List<byte[]> path;
    if (m < k) {
      path = path(m, d.subList(0, k));
      path.add(mth(d.subList(k, n)));
    } else {
      path = path(m - k, d.subList(k, n));
      path.add(mth(d.subList(0, k)));
    }
    return path;
  }

  /** PROOF(m, D[n]), the consistency proof from size m. */
  List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  private List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    if (m == n) {
      List<byte[]> proof = new ArrayList<>();
      if (!b) {
        proof.add(mth(d));
      }
      return proof;
    }
    int k = split(n);
    List<byte[]> proof;
    if (m <= k) {
      proof = subproof(m, d.subList(0, k), b);
      proof.add(mth(d.subList(k, n)));
    } else {
      proof = subproof(m - k, d.subList(k, n), false);
      proof.add(mth(d.subList(0, k)));
    }
    return proof;
  }

  /** The largest power of two smaller than n. */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
