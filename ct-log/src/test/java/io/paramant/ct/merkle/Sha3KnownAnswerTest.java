package io.paramant.ct.merkle;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /**
   * The log's SHA3-256 is Bouncy Castle's; the JDK's must give the same hashes (both are FIPS 202),
   * for leaves of every length around the sponge's 136-byte block and for nodes, also when the tree
   * writes a hash into an array at an offset.
   */
  @Test
  void sha3_hashes_are_those_of_the_jdk() throws Exception {
    MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
    Random random = new Random(20261208);
    for (int length = 0; length <= 300; length++) {
      byte[] leaf = new byte[length];
      random.nextBytes(leaf);
      jdk.update((byte) 0x00);
      byte[] expected = jdk.digest(leaf);
      assertArrayEquals(expected, TreeHasher.SHA3_256.hashLeaf(leaf), "leaf of " + length);
      byte[] out = new byte[40];
      TreeHasher.SHA3_256.hashLeaf(leaf, out, 5);
      assertArrayEquals(expected, Arrays.copyOfRange(out, 5, 37), "leaf into an array");
    }
    for (int i = 0; i < 100; i++) {
      byte[] children = new byte[64];
      random.nextBytes(children);
      jdk.update((byte) 0x01);
      byte[] expected = jdk.digest(children);
      byte[] left = Arrays.copyOfRange(children, 0, 32);
      byte[] right = Arrays.copyOfRange(children, 32, 64);
      assertArrayEquals(expected, TreeHasher.SHA3_256.hashChildren(left, right), "node " + i);
      TreeHasher.SHA3_256.hashChildren(children, 0, children, 32, children, 0);
      assertArrayEquals(expected, Arrays.copyOf(children, 32), "node in place " + i);
    }
  }
}
