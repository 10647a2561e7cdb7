package io.paramant.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.entry.EntryType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubjectIndexTest {

  @Test
  void every_leaf_is_a_candidate_of_its_subject_across_growth() {
    SubjectIndex index = new SubjectIndex();
    for (long leaf = 0; leaf < 100_000; leaf++) {
      index.add(EntryType.TRANSFER, subject(leaf), leaf);
    }
    for (long leaf = 0; leaf < 100_000; leaf += 7) {
      long candidate = leaf;
      assertTrue(
          Arrays.stream(index.candidates(EntryType.TRANSFER, subject(leaf)))
              .anyMatch(found -> found == candidate),
          "leaf " + leaf);
    }
  }

  @Test
  void candidates_of_a_repeated_subject_come_in_ascending_order() {
    SubjectIndex index = new SubjectIndex();
    index.add(EntryType.ACK, "s", 9);
    index.add(EntryType.TRANSFER, "s", 2);
    index.add(EntryType.ACK, "s", 4);
    assertArrayEquals(new long[] {4, 9}, index.candidates(EntryType.ACK, "s"));
    assertEquals(0, index.candidates(EntryType.PUBKEY, "s").length);
  }

  @Test
  void leaf_index_beyond_32_bits_is_refused() {
    SubjectIndex index = new SubjectIndex();
    index.add(EntryType.ACK, "s", 0xFFFF_FFFEL);
    assertThrows(IllegalStateException.class, () -> index.add(EntryType.ACK, "s", 0xFFFF_FFFFL));
    assertArrayEquals(new long[] {0xFFFF_FFFEL}, index.candidates(EntryType.ACK, "s"));
  }

  private static String subject(long leaf) {
    return String.format("%064x", leaf);
  }
}
