package io.paramant.ct.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Edge cases, ranges and concurrency of the tree; the vectors and properties are elsewhere. */
class MerkleTreeTest {

  private static final TreeHasher HASHER = TreeHasher.SHA_256;

  @Test
  void empty_tree_has_size_zero_and_the_hash_of_the_empty_string_as_root() {
    MerkleTree tree = new MerkleTree(HASHER);
    assertEquals(0, tree.size());
    assertArrayEquals(HASHER.emptyRoot(), tree.rootHash());
    assertArrayEquals(HASHER.emptyRoot(), tree.rootHash(0));
  }

  @Test
  void append_returns_consecutive_indexes_and_publishes_the_size() {
    MerkleTree tree = new MerkleTree(HASHER);
    for (long i = 0; i < 5; i++) {
      assertEquals(i, tree.append(leaf(i)));
      assertEquals(i + 1, tree.size());
      assertArrayEquals(HASHER.hashLeaf(leaf(i)), tree.leafHash(i));
    }
  }

  @Test
  void asking_beyond_the_tree_gives_a_range_error() {
    MerkleTree tree = treeOf(8);
    assertThrows(TreeRangeException.class, () -> tree.leafHash(8));
    assertThrows(TreeRangeException.class, () -> tree.leafHash(-1));
    assertThrows(TreeRangeException.class, () -> tree.rootHash(9));
    assertThrows(TreeRangeException.class, () -> tree.rootHash(-1));
    assertThrows(TreeRangeException.class, () -> tree.inclusionProof(8, 8));
    assertThrows(TreeRangeException.class, () -> tree.inclusionProof(3, 3));
    assertThrows(TreeRangeException.class, () -> tree.inclusionProof(-1, 8));
    assertThrows(TreeRangeException.class, () -> tree.inclusionProof(0, 0));
    assertThrows(TreeRangeException.class, () -> tree.inclusionProof(0, 9));
    assertThrows(TreeRangeException.class, () -> tree.consistencyProof(0, 8));
    assertThrows(TreeRangeException.class, () -> tree.consistencyProof(5, 4));
    assertThrows(TreeRangeException.class, () -> tree.consistencyProof(4, 9));
    assertThrows(TreeRangeException.class, () -> new MerkleTree(HASHER).consistencyProof(0, 0));
  }

  @Test
  void consistency_proof_between_equal_sizes_is_empty_and_verifies_equal_roots_only() {
    MerkleTree tree = treeOf(6);
    ConsistencyProof proof = tree.consistencyProof(6, 6);
    assertEquals(List.of(), proof.path());
    proof.verify(HASHER, tree.rootHash(6), tree.rootHash(6));
    assertThrows(
        InvalidProofException.class,
        () -> proof.verify(HASHER, tree.rootHash(5), tree.rootHash(6)));
  }

  @Test
  void proof_of_a_leaf_index_at_or_beyond_the_size_fails_verification() {
    MerkleTree tree = treeOf(4);
    List<byte[]> path = tree.inclusionProof(3, 4).path();
    byte[] root = tree.rootHash(4);
    for (long index : new long[] {4, 5, Long.MAX_VALUE, -1}) {
      InclusionProof proof = new InclusionProof(index, 4, path);
      assertThrows(InvalidProofException.class, () -> proof.verify(HASHER, tree.leafHash(3), root));
    }
  }

  @Test
  void proofs_for_tree_size_zero_fail_verification() {
    byte[] empty = HASHER.emptyRoot();
    assertThrows(
        InvalidProofException.class,
        () -> new InclusionProof(0, 0, List.of()).verify(HASHER, HASHER.hashLeaf(leaf(0)), empty));
    assertThrows(
        InvalidProofException.class,
        () -> new ConsistencyProof(0, 0, List.of()).verify(HASHER, empty, empty));
    assertThrows(
        InvalidProofException.class,
        () -> new ConsistencyProof(0, 3, List.of()).verify(HASHER, empty, treeOf(3).rootHash()));
  }

  @Test
  void leaf_hash_of_another_length_than_the_hash_fails_verification() {
    MerkleTree tree = treeOf(1);
    InclusionProof proof = tree.inclusionProof(0, 1);
    byte[] leafHash = tree.leafHash(0);
    assertDoesNotThrow(() -> proof.verify(HASHER, leafHash, tree.rootHash()));
    assertThrows(InvalidProofException.class, () -> proof.verify(HASHER, new byte[0], new byte[0]));
    assertThrows(
        InvalidProofException.class,
        () -> proof.verify(new TreeHasher("SHA-512"), leafHash, tree.rootHash()));
  }

  /**
   * RFC 9162 §2.1.3.2 binds the tree size only through the proof's shape: the path of leaf 0 in a
   * tree of 4 has the same shape as in a tree of 3. The root is what binds the size, and clients
   * take it from a signed tree head of that size.
   */
  @Test
  void inclusion_proof_binds_the_tree_size_only_through_its_shape() {
    MerkleTree tree = treeOf(4);
    List<byte[]> path = tree.inclusionProof(0, 4).path();
    assertDoesNotThrow(
        () -> new InclusionProof(0, 3, path).verify(HASHER, tree.leafHash(0), tree.rootHash(4)));
    assertThrows(
        InvalidProofException.class,
        () -> new InclusionProof(0, 3, path).verify(HASHER, tree.leafHash(0), tree.rootHash(3)));
  }

  @Test
  void proof_hashes_are_copied_in_and_out() {
    MerkleTree tree = treeOf(8);
    InclusionProof proof = tree.inclusionProof(2, 8);
    proof.path().get(0)[0] ^= 1;
    proof.verify(HASHER, tree.leafHash(2), tree.rootHash());

    List<byte[]> path = tree.consistencyProof(3, 8).path();
    ConsistencyProof consistency = new ConsistencyProof(3, 8, path);
    path.get(0)[0] ^= 1;
    consistency.verify(HASHER, tree.rootHash(3), tree.rootHash(8));
    assertEquals(tree.consistencyProof(3, 8), consistency);
  }

  @Test
  void readers_prove_published_sizes_while_the_writer_appends() throws InterruptedException {
    MerkleTree tree = new MerkleTree(HASHER);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              for (long i = 0; i < 20_000; i++) {
                tree.append(leaf(i));
              }
            });
    Runnable reader =
        () -> {
          try {
            while (writer.isAlive()) {
              long size = tree.size();
              if (size > 0) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long index = random.nextLong(size);
                long first = 1 + random.nextLong(size);
                byte[] root = tree.rootHash(size);
                tree.inclusionProof(index, size).verify(HASHER, tree.leafHash(index), root);
                tree.consistencyProof(first, size).verify(HASHER, tree.rootHash(first), root);
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        };
    Thread[] readers = {new Thread(reader), new Thread(reader)};
    for (Thread thread : readers) {
      thread.start();
    }
    writer.start();
    writer.join();
    for (Thread thread : readers) {
      thread.join();
    }
    assertNull(failure.get());
    assertEquals(20_000, tree.size());
  }

  private static MerkleTree treeOf(int size) {
    MerkleTree tree = new MerkleTree(HASHER);
    for (long i = 0; i < size; i++) {
      tree.append(leaf(i));
    }
    return tree;
  }

  private static byte[] leaf(long i) {
    return ("leaf " + i).getBytes(StandardCharsets.US_ASCII);
  }
}
