package io.paramant.ct.merkle;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the log's own instantiation: the SHA3-256 roots of the sizes 0 to 8 in {@code
 * kat/sha3-256-roots.json}, computed once from RFC 9162's definition by {@code kat/generate.py}.
 */
class Sha3KnownAnswerTest {

  @Test
  void sha3_roots_of_sizes_0_to_8_are_the_pinned_values() {
    Map<String, Object> kat = json("kat/sha3-256-roots.json");
    List<?> inputs = (List<?>) kat.get("leaf_inputs_hex");
    List<?> roots = (List<?>) kat.get("root_hash_by_tree_size_hex");
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    inputs.forEach(input -> tree.append(hex(input)));
    for (int size = 0; size <= inputs.size(); size++) {
      assertArrayEquals(hex(roots.get(size)), tree.rootHash(size), "root of size " + size);
    }
  }

  @Test
  void sha3_hasher_produces_32_byte_hashes_and_hashes_the_empty_tree_as_the_empty_string() {
    assertEquals(32, TreeHasher.SHA3_256.hashLength());
    assertArrayEquals(
        hex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
        TreeHasher.SHA3_256.emptyRoot());
  }
}
