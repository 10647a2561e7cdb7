package io.paramant.ct.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Properties of every proof of one tree of random leaves at many sizes, checked against the RFC's
 * recursive definition ({@link Rfc9162}). Seeded, so a failure reproduces; SHA-256 keeps it fast
 * (the hashing rule is the same for every hash, and SHA3-256 is pinned by known answers).
 */
class MerkleTreePropertyTest {

  private static final TreeHasher HASHER = TreeHasher.SHA_256;
  private static final Rfc9162 RFC = new Rfc9162(HASHER);

  /** Beyond one chunk of stored hashes (4096), so that chunk boundaries are crossed. */
  private static final int MAX_SIZE = 5000;

  private static final long SEED = 9162;

  private static List<byte[]> leaves;
  private static MerkleTree tree;
  private static List<Integer> sizes;

  @BeforeAll
  static void growTree() {
    Random random = new Random(SEED);
    leaves = new ArrayList<>();
    tree = new MerkleTree(HASHER);
    for (int i = 0; i < MAX_SIZE; i++) {
      byte[] leaf = new byte[random.nextInt(40)];
      random.nextBytes(leaf);
      leaves.add(leaf);
      tree.append(leaf);
    }
    TreeSet<Integer> chosen = new TreeSet<>();
    for (int size = 1; size <= 70; size++) {
      chosen.add(size);
    }
    chosen.addAll(List.of(127, 128, 129, 4095, 4096, 4097, MAX_SIZE));
    random.ints(12, 71, MAX_SIZE).forEach(chosen::add);
    sizes = List.copyOf(chosen);
  }

  @Test
  void root_of_every_size_is_the_rfc_merkle_tree_hash() {
    for (int size : sizes) {
      assertArrayEquals(RFC.mth(leaves.subList(0, size)), tree.rootHash(size), "size " + size);
    }
  }

  @Test
  void every_inclusion_proof_of_every_size_verifies() {
    for (int size : sizes) {
      byte[] root = tree.rootHash(size);
      for (int index = 0; index < size; index++) {
        tree.inclusionProof(index, size).verify(HASHER, tree.leafHash(index), root);
      }
    }
  }

  @Test
  void every_consistency_proof_between_the_sizes_verifies() {
    for (int second : sizes) {
      byte[] secondRoot = tree.rootHash(second);
      for (int first = 1; first <= second; first++) {
        tree.consistencyProof(first, second).verify(HASHER, tree.rootHash(first), secondRoot);
      }
    }
  }

  @Test
  void proofs_are_exactly_the_paths_the_rfc_defines() {
    Random random = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      int size = 1 + random.nextInt(MAX_SIZE);
      int index = random.nextInt(size);
      int first = 1 + random.nextInt(size);
      List<byte[]> d = leaves.subList(0, size);
      assertSameHashes(RFC.path(index, d), tree.inclusionProof(index, size).path());
      assertSameHashes(RFC.proof(first, d), tree.consistencyProof(first, size).path());
    }
  }

  @Test
  void inclusion_proof_with_any_bit_flipped_in_a_path_hash_the_leaf_hash_or_the_root_fails() {
    for (Sample s : samples()) {
      InclusionProof proof = tree.inclusionProof(s.index, s.size);
      byte[] leafHash = tree.leafHash(s.index);
      byte[] root = tree.rootHash(s.size);
      forEachBitFlip(
          proof.path(),
          path ->
              assertInvalid(
                  () -> new InclusionProof(s.index, s.size, path).verify(HASHER, leafHash, root)));
      forEachBitFlip(
          List.of(leafHash),
          flipped -> assertInvalid(() -> proof.verify(HASHER, flipped.get(0), root)));
      forEachBitFlip(
          List.of(root),
          flipped -> assertInvalid(() -> proof.verify(HASHER, leafHash, flipped.get(0))));
    }
  }

  @Test
  void inclusion_proof_checked_for_another_leaf_index_fails() {
    for (Sample s : samples()) {
      InclusionProof proof = tree.inclusionProof(s.index, s.size);
      byte[] leafHash = tree.leafHash(s.index);
      byte[] root = tree.rootHash(s.size);
      for (long other : new long[] {s.index - 1, s.index + 1, s.index ^ 1, s.size, -1}) {
        if (other != s.index) {
          assertInvalid(
              () -> new InclusionProof(other, s.size, proof.path()).verify(HASHER, leafHash, root));
        }
      }
    }
  }

  /**
   * RFC 9162 binds the tree size through the proof's shape only (and the root through the signed
   * tree head): a path for leaf 0 of 4 leaves also passes as one of 3 leaves against the same root.
   * What must fail is every size whose path has another length.
   */
  @Test
  void inclusion_proof_checked_for_a_size_with_another_path_length_fails() {
    for (Sample s : samples()) {
      InclusionProof proof = tree.inclusionProof(s.index, s.size);
      byte[] leafHash = tree.leafHash(s.index);
      byte[] root = tree.rootHash(s.size);
      for (long other : new long[] {s.size - 1, s.size + 1, s.size / 2, 2L * s.size, 0}) {
        if (other > s.index
            && other <= MAX_SIZE
            && RFC.path(s.index, leaves.subList(0, (int) other)).size() != proof.path().size()) {
          assertInvalid(
              () ->
                  new InclusionProof(s.index, other, proof.path()).verify(HASHER, leafHash, root));
        }
      }
      assertInvalid(
          () -> new InclusionProof(s.index, 0, proof.path()).verify(HASHER, leafHash, root));
    }
  }

  @Test
  void inclusion_proof_with_a_hash_added_removed_or_reordered_fails() {
    for (Sample s : samples()) {
      InclusionProof proof = tree.inclusionProof(s.index, s.size);
      byte[] leafHash = tree.leafHash(s.index);
      byte[] root = tree.rootHash(s.size);
      for (List<byte[]> path : alterations(proof.path())) {
        assertInvalid(
            () -> new InclusionProof(s.index, s.size, path).verify(HASHER, leafHash, root));
      }
    }
  }

  @Test
  void consistency_proof_with_any_bit_flipped_in_a_path_hash_or_either_root_fails() {
    for (Sample s : samples()) {
      ConsistencyProof proof = tree.consistencyProof(s.first, s.size);
      byte[] firstRoot = tree.rootHash(s.first);
      byte[] secondRoot = tree.rootHash(s.size);
      forEachBitFlip(
          proof.path(),
          path ->
              assertInvalid(
                  () ->
                      new ConsistencyProof(s.first, s.size, path)
                          .verify(HASHER, firstRoot, secondRoot)));
      forEachBitFlip(
          List.of(firstRoot),
          flipped -> assertInvalid(() -> proof.verify(HASHER, flipped.get(0), secondRoot)));
      forEachBitFlip(
          List.of(secondRoot),
          flipped -> assertInvalid(() -> proof.verify(HASHER, firstRoot, flipped.get(0))));
    }
  }

  @Test
  void consistency_proof_checked_for_sizes_with_another_proof_length_or_swapped_roots_fails() {
    for (Sample s : samples()) {
      ConsistencyProof proof = tree.consistencyProof(s.first, s.size);
      byte[] firstRoot = tree.rootHash(s.first);
      byte[] secondRoot = tree.rootHash(s.size);
      int length = proof.path().size();
      for (long first : new long[] {s.first - 1, s.first + 1, s.first / 2, 2L * s.first}) {
        if (first > 0
            && first <= s.size
            && RFC.proof((int) first, leaves.subList(0, s.size)).size() != length) {
          assertInvalid(
              () ->
                  new ConsistencyProof(first, s.size, proof.path())
                      .verify(HASHER, firstRoot, secondRoot));
        }
      }
      for (long second : new long[] {s.size - 1, s.size + 1, 2L * s.size}) {
        if (second >= s.first
            && second <= MAX_SIZE
            && RFC.proof(s.first, leaves.subList(0, (int) second)).size() != length) {
          assertInvalid(
              () ->
                  new ConsistencyProof(s.first, second, proof.path())
                      .verify(HASHER, firstRoot, secondRoot));
        }
      }
      if (s.first != s.size) {
        assertInvalid(() -> proof.verify(HASHER, secondRoot, firstRoot));
      }
    }
  }

  @Test
  void consistency_proof_with_a_hash_added_removed_or_reordered_fails() {
    for (Sample s : samples()) {
      ConsistencyProof proof = tree.consistencyProof(s.first, s.size);
      byte[] firstRoot = tree.rootHash(s.first);
      byte[] secondRoot = tree.rootHash(s.size);
      for (List<byte[]> path : alterations(proof.path())) {
        assertInvalid(
            () ->
                new ConsistencyProof(s.first, s.size, path).verify(HASHER, firstRoot, secondRoot));
      }
    }
  }

  /** A leaf index, a first size and a tree size, drawn with the seed. */
  private record Sample(int index, int first, int size) {}

  private static List<Sample> samples() {
    Random random = new Random(SEED);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int size = 2 + random.nextInt(MAX_SIZE - 1);
      samples.add(new Sample(random.nextInt(size), 1 + random.nextInt(size - 1), size));
    }
    return samples;
  }

  /**
   * Calls {@code check} with a copy of {@code hashes} in which one bit is flipped, for every bit.
   */
  private static void forEachBitFlip(List<byte[]> hashes, Consumer<List<byte[]>> check) {
    for (int h = 0; h < hashes.size(); h++) {
      for (int bit = 0; bit < 8 * hashes.get(h).length; bit++) {
        List<byte[]> flipped = new ArrayList<>(hashes);
        byte[] hash = hashes.get(h).clone();
        hash[bit / 8] ^= (byte) (1 << (bit % 8));
        flipped.set(h, hash);
        check.accept(flipped);
      }
    }
  }

  /** The path with a hash appended, prepended, inserted, dropped at each end, and reversed. */
  private static List<List<byte[]>> alterations(List<byte[]> path) {
    byte[] extra = new byte[HASHER.hashLength()];
    List<List<byte[]>> altered = new ArrayList<>();
    altered.add(with(path, path.size(), extra));
    altered.add(with(path, 0, extra));
    altered.add(with(path, path.size() / 2, extra));
    if (!path.isEmpty()) {
      altered.add(path.subList(1, path.size()));
      altered.add(path.subList(0, path.size() - 1));
    }
    if (path.size() > 1) {
      List<byte[]> reversed = new ArrayList<>(path);
      Collections.reverse(reversed);
      altered.add(reversed);
    }
    return altered;
  }

  private static List<byte[]> with(List<byte[]> path, int at, byte[] hash) {
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(at, hash);
    return longer;
  }

  private static void assertInvalid(Executable verification) {
    assertThrows(InvalidProofException.class, verification);
  }

  private static void assertSameHashes(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "number of hashes");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "hash " + i);
    }
  }
}
