package io.paramant.relay.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditEntryTest {

  @Test
  void the_canonical_json_is_rfc_8785_for_this_shape_and_reads_back_only_in_that_form() {
    AuditEntry entry = new AuditEntry(3, 1765000000000L, "inbound", "ab".repeat(32), 5242880L);
    String json = new String(entry.canonicalJson(), StandardCharsets.US_ASCII);
    assertEquals(
        "{\"at\":1765000000000,\"event\":\"inbound\",\"seq\":3,\"size\":5242880,\"subject\":\""
            + "ab".repeat(32)
            + "\"}",
        json);
    assertEquals(entry, AuditEntry.parseCanonical(json));
    AuditEntry bare = new AuditEntry(1, 0, "revocation", "account", null);
    assertEquals(
        "{\"at\":0,\"event\":\"revocation\",\"seq\":1,\"subject\":\"account\"}",
        new String(bare.canonicalJson(), StandardCharsets.US_ASCII));
    for (String other :
        List.of(
            json.replace("{\"at\"", "{ \"at\""),
            json.replace("\"seq\":3", "\"seq\":03"),
            json.replace(",\"size\":5242880", ",\"size\":5242880.0"),
            "{\"event\":\"inbound\",\"at\":1,\"seq\":1,\"subject\":\"x\"}")) {
      assertThrows(IllegalArgumentException.class, () -> AuditEntry.parseCanonical(other), other);
    }
  }

  @Test
  void the_hash_is_sha3_of_the_previous_hash_and_the_canonical_json() throws Exception {
    AuditEntry entry = new AuditEntry(1, 5, "burn", "cd".repeat(32), 10L);
    MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
    sha3.update(new byte[32]);
    sha3.update(entry.canonicalJson());
    assertArrayEquals(sha3.digest(), entry.hash(AuditEntry.GENESIS));
  }

  @Test
  void entries_outside_the_shape_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(0, 1, "burn", "x", null));
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(1, 1, "upload", "x", null));
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(1, 1, "burn", "a\"b", null));
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(1, 1, "burn", "a\\b", null));
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(1, 1, "burn", "é", null));
    assertThrows(IllegalArgumentException.class, () -> new AuditEntry(1, 1, "burn", "x", -1L));
    assertThrows(
        IllegalArgumentException.class, () -> new AuditEntry(1L << 53, 1, "burn", "x", null));
  }

  @Test
  void a_file_reads_back_its_lines_and_a_torn_last_line_is_cut(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.chain");
    byte[] id = new byte[32];
    id[0] = 7;
    AuditFile.create(file, new AuditFile.Header(id, 0, AuditEntry.GENESIS));
    AuditEntry first = new AuditEntry(1, 10, "inbound", "ab".repeat(32), 1L);
    byte[] hash = first.hash(AuditEntry.GENESIS);
    AuditFile.append(file, AuditFile.line(new AuditFile.Entry(first, hash)) + "\n");
    AuditFile.append(file, AuditFile.line(new AuditFile.Anchor(1, hash, 42, 99)) + "\n");
    AuditFile.append(file, "E " + "00".repeat(32) + " {\"at\":1"); // cut by a crash
    AuditFile.cutTornTail(file);
    List<AuditFile.Line> lines = new ArrayList<>();
    AuditFile.Header header = AuditFile.read(file, lines::add);
    assertArrayEquals(id, header.auditId());
    assertEquals(2, lines.size());
    assertEquals(first, ((AuditFile.Entry) lines.get(0)).entry());
    AuditFile.Anchor anchor = (AuditFile.Anchor) lines.get(1);
    assertEquals(42, anchor.ctIndex());
    assertEquals(HexFormat.of().formatHex(hash), HexFormat.of().formatHex(anchor.head()));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Files.writeString(file, Files.readString(file).replace("\"inbound\"", "\"Inbound\""));
    List<AuditFile.Line> damaged = new ArrayList<>();
    AuditFile.read(file, damaged::add);
    assertEquals(AuditFile.Damaged.class, damaged.get(0).getClass(), "kept, not thrown");
    Files.writeString(file, "not a chain\n");
    assertThrows(IllegalStateException.class, () -> AuditFile.read(file, line -> {}));
  }
}
