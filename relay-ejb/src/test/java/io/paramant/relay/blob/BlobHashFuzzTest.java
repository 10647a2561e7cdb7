package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Blob hashes and drop ids as clients send them (paths, headers, JSON): only {@link
 * InvalidInputException} is refused with, and what is accepted is the canonical 64 lowercase hex
 * digits of the same value, which parses to itself. Seeds and findings:
 * src/test/resources/io/paramant/relay/blob/BlobHashFuzzTestInputs/.
 */
class BlobHashFuzzTest {

  @FuzzTest
  void blobHash(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    String hash;
    try {
      hash = BlobHash.parse(text);
    } catch (InvalidInputException refused) {
      assertEquals("invalid_hash", refused.code());
      return;
    }
    assertCanonical(text, hash);
    assertEquals(hash, BlobHash.parse(hash));
  }

  @FuzzTest
  void dropId(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    String id;
    try {
      id = DropId.parse(text);
    } catch (InvalidInputException refused) {
      assertEquals("invalid_drop_id", refused.code());
      return;
    }
    assertCanonical(text, id);
    assertEquals(id, DropId.parse(id));
  }

  private static void assertCanonical(String text, String parsed) {
    assertTrue(parsed.matches("[0-9a-f]{64}"), parsed);
    assertTrue(parsed.equalsIgnoreCase(text));
  }
}
