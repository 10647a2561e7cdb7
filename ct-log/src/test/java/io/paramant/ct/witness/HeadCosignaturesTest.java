package io.paramant.ct.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadCosignaturesTest {

  private static final String KEY = "aa".repeat(32);

  private final HeadCosignatures cosignatures = new HeadCosignatures();

  @Test
  void head_carries_the_newest_cosignature_of_each_witness_for_its_size_and_root() {
    SignedTreeHead head = head(5, 1, 100);
    Cosignature older = cosignature("b", 10);
    Cosignature newer = cosignature("b", 20);
    Cosignature other = cosignature("a", 15);
    cosignatures.add(head, older);
    cosignatures.add(head, newer);
    cosignatures.add(head, other);
    cosignatures.add(head, older);
    assertEquals(List.of(other, newer), cosignatures.of(head));
    // Re-signed later (same size and root): the same cosignatures.
    assertEquals(List.of(other, newer), cosignatures.of(head(5, 1, 999)));
  }

  @Test
  void head_of_another_size_or_root_carries_none_of_them() {
    cosignatures.add(head(5, 1, 100), cosignature("a", 10));
    assertEquals(List.of(), cosignatures.of(head(6, 1, 100)));
    assertEquals(List.of(), cosignatures.of(head(5, 2, 100)));
    cosignatures.add(head(5, 2, 100), cosignature("b", 10));
    assertEquals(List.of(), cosignatures.of(head(5, 1, 100)));
    assertEquals(1, cosignatures.of(head(5, 2, 100)).size());
  }

  @Test
  void only_the_newest_sizes_are_kept() {
    for (int size = 1; size <= HeadCosignatures.KEPT_SIZES + 3; size++) {
      cosignatures.add(head(size, 1, 0), cosignature("a", size));
    }
    assertEquals(List.of(), cosignatures.of(head(3, 1, 0)));
    assertEquals(1, cosignatures.of(head(4, 1, 0)).size());
    assertEquals(1, cosignatures.of(head(HeadCosignatures.KEPT_SIZES + 3, 1, 0)).size());
  }

  private static SignedTreeHead head(long size, int rootByte, long time) {
    byte[] root = new byte[32];
    root[0] = (byte) rootByte;
    return new SignedTreeHead(size, time, root, new byte[0], KEY);
  }

  private static Cosignature cosignature(String witness, long at) {
    return new Cosignature(witness.repeat(64), "http://w-" + witness, at, new byte[] {1});
  }
}
