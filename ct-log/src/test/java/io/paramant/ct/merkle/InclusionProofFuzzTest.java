package io.paramant.ct.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inclusion proofs from a hostile relay, checked against the root of a real tree: any index, size
 * and path (honest, edited or made up, hashes of any length) and any leaf hash. {@link
 * InclusionProof#verify} may only throw {@link InvalidProofException}, and a proof that verifies
 * against the root of the size it names proves the leaf that really is at its index. Seeds and
 * findings: src/test/resources/io/paramant/ct/merkle/InclusionProofFuzzTestInputs/.
 */
class InclusionProofFuzzTest {

  static final int LEAVES = 70;
  static final MerkleTree TREE = tree();

  @FuzzTest
  void verify(FuzzedDataProvider data) {
    int size = data.consumeInt(1, LEAVES);
    long treeSize = data.consumeBoolean() ? size : data.consumeLong();
    long index = data.consumeBoolean() ? data.consumeInt(0, size - 1) : data.consumeLong();
    List<byte[]> path = path(data, index, treeSize);
    byte[] leafHash =
        data.consumeBoolean() && index >= 0 && index < LEAVES
            ? TREE.leafHash(index)
            : data.consumeBytes(data.consumeInt(0, 40));
    byte[] root = TREE.rootHash(size);
    try {
      new InclusionProof(index, treeSize, path).verify(TreeHasher.SHA3_256, leafHash, root);
    } catch (InvalidProofException refused) {
      return;
    }
    if (treeSize == size) {
      assertArrayEquals(TREE.leafHash(index), leafHash, "a proof verified a leaf not in the tree");
    }
  }

  /** The honest path for an index and size of the tree, edited, or hashes made up. */
  private static List<byte[]> path(FuzzedDataProvider data, long index, long treeSize) {
    List<byte[]> path = new ArrayList<>();
    if (data.consumeBoolean() && index >= 0 && index < treeSize && treeSize <= LEAVES) {
      path.addAll(TREE.inclusionProof(index, treeSize).path());
    }
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      byte[] hash = data.consumeBytes(data.consumeInt(0, 40));
      int at = data.consumeInt(0, path.size());
      switch (data.consumeInt(0, 2)) {
        case 0 -> path.add(at, hash);
        case 1 -> {
          if (at < path.size()) {
            path.set(at, hash);
          }
        }
        default -> {
          if (at < path.size()) {
            path.remove(at);
          }
        }
      }
    }
    return path;
  }

  private static MerkleTree tree() {
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    for (int i = 0; i < LEAVES; i++) {
      tree.append(("leaf " + i).getBytes(StandardCharsets.US_ASCII));
    }
    return tree;
  }
}
