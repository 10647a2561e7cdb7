package io.paramant.ct.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Log entries from outside: leaf bytes read back from a journal or checked by a client, and the
 * fields of a leaf as the API serves them. Only {@link InvalidEntryException} may come out (a leaf
 * that ends early, a length field past the end, an unknown type or version); an entry that is
 * accepted has exactly one encoding, so decoding and encoding again gives the same bytes. Seeds and
 * findings: src/test/resources/io/paramant/ct/entry/LogEntryFuzzTestInputs/ (docs/fuzzing.md).
 */
class LogEntryFuzzTest {

  @FuzzTest
  void decode(byte[] leaf) {
    LogEntry entry;
    try {
      entry = LogEntry.decode(leaf);
    } catch (InvalidEntryException refused) {
      return;
    }
    assertArrayEquals(leaf, entry.encode(), "a leaf decodes only from its canonical encoding");
  }

  /**
   * The input is the served fields as UTF-8 lines: type, subject, sector, inserted_at (a number;
   * any other text stands for -1).
   */
  @FuzzTest
  void servedFields(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
    String type = lines[0];
    String subject = lines.length > 1 ? lines[1] : null;
    String sector = lines.length > 2 ? lines[2] : null;
    long insertedAt = lines.length > 3 ? number(lines[3]) : 0;
    LogEntry entry;
    try {
      entry = new LogEntry(EntryType.ofWireName(type), subject, sector, insertedAt);
    } catch (InvalidEntryException refused) {
      return;
    }
    assertEquals(entry, LogEntry.decode(entry.encode()));
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }
}
