package io.paramant.ct.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Consistency proofs from a hostile relay: any sizes, path and roots. {@link
 * ConsistencyProof#verify} may only throw {@link InvalidProofException}, and a proof that leads to
 * the real root of the second size proves the real root of the first size: no made-up earlier tree
 * is ever shown to be a prefix of the real one. Seeds and findings:
 * src/test/resources/io/paramant/ct/merkle/ConsistencyProofFuzzTestInputs/.
 */
class ConsistencyProofFuzzTest {

  private static final int LEAVES = InclusionProofFuzzTest.LEAVES;
  private static final MerkleTree TREE = InclusionProofFuzzTest.TREE;

  @FuzzTest
  void verify(FuzzedDataProvider data) {
    long first = data.consumeBoolean() ? data.consumeInt(1, LEAVES) : data.consumeLong();
    long second = data.consumeBoolean() ? data.consumeInt(1, LEAVES) : data.consumeLong();
    List<byte[]> path = new ArrayList<>();
    if (data.consumeBoolean() && 0 < first && first <= second && second <= LEAVES) {
      path.addAll(TREE.consistencyProof(first, second).path());
    }
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      byte[] hash = data.consumeBytes(data.consumeInt(0, 40));
      int at = data.consumeInt(0, path.size());
      if (data.consumeBoolean() || at == path.size()) {
        path.add(at, hash);
      } else {
        path.set(at, hash);
      }
    }
    boolean realSecond = 0 < second && second <= LEAVES && data.consumeBoolean();
    byte[] secondRoot = realSecond ? TREE.rootHash(second) : data.consumeBytes(40);
    byte[] firstRoot =
        0 < first && first <= LEAVES && data.consumeBoolean()
            ? TREE.rootHash(first)
            : data.consumeRemainingAsBytes();
    try {
      new ConsistencyProof(first, second, path).verify(TreeHasher.SHA3_256, firstRoot, secondRoot);
    } catch (InvalidProofException refused) {
      return;
    }
    if (realSecond) {
      assertArrayEquals(
          TREE.rootHash(first), firstRoot, "a proof showed a made-up tree as a prefix");
    }
  }
}
