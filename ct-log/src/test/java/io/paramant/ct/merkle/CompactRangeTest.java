package io.paramant.ct.merkle;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frontier a monitor keeps gives exactly the roots the log's own tree gives. */
class CompactRangeTest {

  @Test
  void roots_of_sizes_0_to_8_match_the_rfc6962_vectors() {
    var vectors = json("merkle/rfc6962-roots.json");
    List<?> inputs = (List<?>) vectors.get("leaf_inputs_hex");
    List<?> roots = (List<?>) vectors.get("root_hash_by_tree_size_hex");
    CompactRange range = CompactRange.empty(TreeHasher.SHA_256);
    assertArrayEquals(hex(roots.get(0)), range.rootHash());
    for (Object input : inputs) {
      range.append(TreeHasher.SHA_256.hashLeaf(hex(input)));
      assertArrayEquals(hex(roots.get((int) range.size())), range.rootHash());
    }
  }

  @Test
  void every_size_up_to_300_has_the_merkle_trees_root_and_survives_a_restore() {
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    CompactRange range = CompactRange.empty(TreeHasher.SHA3_256);
    for (int i = 0; i < 300; i++) {
      byte[] leaf = ByteBuffer.allocate(4).putInt(i).array();
      tree.append(leaf);
      range.append(TreeHasher.SHA3_256.hashLeaf(leaf));
      assertArrayEquals(tree.rootHash(), range.rootHash(), "size " + range.size());
      assertEquals(Long.bitCount(range.size()), range.subtrees().size());
      range = CompactRange.of(TreeHasher.SHA3_256, range.size(), range.subtrees());
    }
    assertTrue(range.hasRoot(tree.rootHash()));
    assertFalse(range.hasRoot(tree.rootHash(299)));
  }

  @Test
  void a_leaf_left_out_or_swapped_changes_the_root() {
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      byte[] leaf = {(byte) i};
      tree.append(leaf);
      hashes.add(TreeHasher.SHA3_256.hashLeaf(leaf));
    }
    CompactRange skipped = CompactRange.empty(TreeHasher.SHA3_256);
    CompactRange swapped = CompactRange.empty(TreeHasher.SHA3_256);
    for (int i = 0; i < 10; i++) {
      if (i != 4) {
        skipped.append(hashes.get(i));
      }
      swapped.append(hashes.get(i == 4 ? 5 : i == 5 ? 4 : i));
    }
    assertFalse(skipped.hasRoot(tree.rootHash(9)));
    assertFalse(swapped.hasRoot(tree.rootHash()));
  }

  @Test
  void a_restored_range_of_the_wrong_shape_is_refused() {
    byte[] hash = new byte[32];
    assertThrows(
        IllegalArgumentException.class,
        () -> CompactRange.of(TreeHasher.SHA3_256, 3, List.of(hash)));
    assertThrows(
        IllegalArgumentException.class,
        () -> CompactRange.of(TreeHasher.SHA3_256, 1, List.of(new byte[31])));
    assertThrows(
        IllegalArgumentException.class,
        () -> CompactRange.empty(TreeHasher.SHA3_256).append(new byte[5]));
  }
}
