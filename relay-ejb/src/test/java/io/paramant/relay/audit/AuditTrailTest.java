package io.paramant.relay.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

  private static final long NOW = 1_765_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void entries_chain_per_account_and_survive_a_restart(@TempDir Path data) {
    AuditTrail trail = new AuditTrail(data, "main", 90, clock());
    trail.record("alice", "inbound", "ab".repeat(32), 10L, NOW);
    trail.record("bob", "inbound", "cd".repeat(32), 20L, NOW);
    trail.record("alice", "burn", "ab".repeat(32), 10L, NOW + 1);
    AuditTrail.Snapshot alice = trail.snapshot("alice");
    assertEquals(2, alice.headSeq());
    AuditEntry first = new AuditEntry(1, NOW, "inbound", "ab".repeat(32), 10L);
    AuditEntry second = new AuditEntry(2, NOW + 1, "burn", "ab".repeat(32), 10L);
    assertArrayEquals(second.hash(first.hash(AuditEntry.GENESIS)), alice.head());
    assertEquals(1, trail.snapshot("bob").headSeq());

    AuditTrail reopened = new AuditTrail(data, "main", 90, clock());
    AuditTrail.Snapshot again = reopened.snapshot("alice");
    assertEquals(2, again.headSeq());
    assertArrayEquals(alice.head(), again.head());
    assertArrayEquals(alice.auditId(), again.auditId());
    reopened.record("alice", "ack", "ab".repeat(32), null, NOW + 2);
    assertEquals(3, reopened.snapshot("alice").headSeq());
  }

  @Test
  void retention_drops_the_oldest_entries_and_the_rest_still_chains_from_the_base(
      @TempDir Path data) throws Exception {
    AuditTrail trail = new AuditTrail(data, "main", 90, clock());
    for (int i = 0; i < 5; i++) {
      trail.record("alice", "inbound", "ab".repeat(32), (long) i, NOW - (100 - i) * DAY);
    }
    trail.record("alice", "burn", "ab".repeat(32), 4L, NOW - DAY);
    byte[] head = trail.snapshot("alice").head();
    // nothing is dropped before an anchor can prove where the kept chain starts
    trail.retain();
    assertEquals(7, csv(trail.snapshot("alice")).size());
    byte[] h = AuditEntry.GENESIS;
    byte[] atThree = null;
    for (int i = 0; i < 5; i++) {
      h =
          new AuditEntry(i + 1, NOW - (100 - i) * DAY, "inbound", "ab".repeat(32), (long) i)
              .hash(h);
      if (i == 2) {
        atThree = h;
      }
    }
    Path file = trail.snapshot("alice").file();
    AuditFile.append(
        file, AuditFile.line(new AuditFile.Anchor(3, atThree, 11, NOW - 97 * DAY)) + "\n");
    AuditFile.append(file, AuditFile.line(new AuditFile.Anchor(5, h, 12, NOW - 95 * DAY)) + "\n");
    trail.retain();

    List<String> rows = csv(trail.snapshot("alice"));
    assertEquals(2, rows.size(), String.join("\n", rows)); // header + the one kept entry
    String[] kept = rows.get(1).split(",");
    assertEquals("6", kept[0]);
    // its prev_hash is the base: the hash of entry 5, which was dropped, and its anchor is kept
    assertTrue(
        java.nio.file.Files.readString(file).contains("\nA 5 " + HexFormat.of().formatHex(h)));
    assertEquals(HexFormat.of().formatHex(h), kept[5]);
    assertEquals(HexFormat.of().formatHex(head), kept[6]);
    // and the chain goes on from its head, also after a restart
    AuditTrail reopened = new AuditTrail(data, "main", 90, clock());
    reopened.record("alice", "ack", "ab".repeat(32), null, NOW);
    assertEquals(7, reopened.snapshot("alice").headSeq());
    assertTrue(csv(reopened.snapshot("alice")).get(2).startsWith("7,"));
  }

  private static List<String> csv(AuditTrail.Snapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditExport.csv(snapshot, out);
    List<String> rows =
        new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\r\n")));
    return rows;
  }

  private static Clock clock() {
    return Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  }
}
