package io.paramant.ct.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@link MerkleTree#appendAll}, the parallel replay path, stores exactly the hashes that one {@link
 * MerkleTree#append} per leaf stores: checked through the root of every size, which reads every
 * stored node (node {@code j} of level {@code k} is part of the root of size {@code (j + 1) 2^k}),
 * and through the leaf hashes, for trees and batches that start and end on both sides of the
 * parallel slices' boundaries.
 */
class MerkleTreeAppendAllTest {

  private static final int GRAIN = MerkleTree.PARALLEL_GRAIN;

  /** Sizes around the slice boundaries, also of the upper levels (2 * GRAIN leaves, ...). */
  private static final int[] SIZES = {
    0,
    1,
    2,
    3,
    5,
    GRAIN - 1,
    GRAIN,
    GRAIN + 1,
    2 * GRAIN - 1,
    2 * GRAIN,
    2 * GRAIN + 1,
    4 * GRAIN + 3
  };

  private static final int MOST = 2 * (4 * GRAIN + 3);

  @Test
  void batch_appended_after_any_size_gives_the_hashes_of_one_append_per_leaf() {
    // SHA-256 for speed: the code under test does not depend on the hash function.
    TreeHasher hasher = TreeHasher.SHA_256;
    MerkleTree sequential = new MerkleTree(hasher);
    for (long i = 0; i < MOST; i++) {
      sequential.append(leaf(i));
    }
    for (int before : SIZES) {
      for (int batch : SIZES) {
        MerkleTree tree = new MerkleTree(hasher);
        for (long i = 0; i < before; i++) {
          tree.append(leaf(i));
        }
        tree.appendAll(leaves(before, before + batch));
        assertSameTree(sequential, tree, before, before + batch, before + " + " + batch);
      }
    }
  }

  @Test
  void batches_in_a_row_and_appends_after_them_give_the_hashes_of_one_append_per_leaf() {
    MerkleTree sequential = new MerkleTree(TreeHasher.SHA3_256);
    for (long i = 0; i < 5 * GRAIN + 11; i++) {
      sequential.append(leaf(i));
    }
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    int size = 0;
    for (int batch : new int[] {GRAIN + 1, 7, 0, 2 * GRAIN - 1, 1, GRAIN + 2}) {
      tree.appendAll(leaves(size, size + batch));
      size += batch;
      assertEquals(size, tree.size());
    }
    for (; size < 5 * GRAIN + 11; size++) {
      assertEquals(size, tree.append(leaf(size)));
    }
    assertSameTree(sequential, tree, 0, size, "batches in a row");
    assertEquals(
        sequential.inclusionProof(3 * GRAIN + 5, size).path().size(),
        tree.inclusionProof(3 * GRAIN + 5, size).path().size());
    tree.inclusionProof(3 * GRAIN + 5, size)
        .verify(TreeHasher.SHA3_256, sequential.leafHash(3 * GRAIN + 5), sequential.rootHash());
    tree.consistencyProof(GRAIN + 8, size)
        .verify(TreeHasher.SHA3_256, sequential.rootHash(GRAIN + 8), sequential.rootHash());
  }

  /**
   * The roots of sizes {@code from} to {@code size} read every node stored after size {@code from}.
   */
  private static void assertSameTree(
      MerkleTree expected, MerkleTree actual, long from, long size, String what) {
    assertEquals(size, actual.size(), what);
    for (long n = from; n <= size; n++) {
      assertArrayEquals(expected.rootHash(n), actual.rootHash(n), what + ": root of size " + n);
    }
    for (long i = from; i < size; i++) {
      assertArrayEquals(expected.leafHash(i), actual.leafHash(i), what + ": leaf " + i);
    }
  }

  private static List<byte[]> leaves(long from, long to) {
    List<byte[]> leaves = new ArrayList<>();
    LongStream.range(from, to).forEach(i -> leaves.add(leaf(i)));
    return leaves;
  }

  /** Distinct leaves of varying length. */
  private static byte[] leaf(long i) {
    return ByteBuffer.allocate(8 + (int) (i % 5)).putLong(i * 0x9E3779B97F4A7C15L).array();
  }
}
