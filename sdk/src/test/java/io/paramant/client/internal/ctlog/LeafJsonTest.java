package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A served leaf is read from its bytes, and a field that says otherwise is a refusal. */
class LeafJsonTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String A = "a1".repeat(32);
  private static final String B = "b2".repeat(32);
  private static final String C = "c3".repeat(32);

  private static final List<LogEntry> ENTRIES =
      List.of(
          new LogEntry(EntryType.TRANSFER, A, "main", 5),
          new LogEntry(EntryType.ACK, A, "main", 6),
          new LogEntry(EntryType.DID, "did:paramant:abc", "main", 7),
          LogEntry.of(new LeafDetail.Pubkey(B), HEX.parseHex(A), "main", 8),
          LogEntry.of(new LeafDetail.Notary(B, C, 99), HEX.parseHex(A), "iot", 9),
          LogEntry.of(new LeafDetail.Audit(17, C), HEX.parseHex(A), "main", 10));

  @Test
  void every_type_is_read_from_its_bytes_when_the_fields_agree() {
    for (LogEntry entry : ENTRIES) {
      ServedLeaf leaf = LeafJson.read(served(entry).build());
      assertEquals(entry, leaf.entry());
      assertEquals(3, leaf.index());
    }
  }

  @Test
  void a_field_that_disagrees_with_the_bytes_is_refused() {
    Map<String, Object> lies =
        Map.of(
            "type",
            "ack",
            "subject",
            C,
            "sector",
            "other",
            "inserted_at",
            4L,
            "leaf_hash",
            C,
            "blob_hash",
            C);
    for (var lie : lies.entrySet()) {
      JsonObjectBuilder leaf = served(ENTRIES.get(0));
      if (lie.getValue() instanceof Long n) {
        leaf.add(lie.getKey(), n);
      } else {
        leaf.add(lie.getKey(), (String) lie.getValue());
      }
      StrictJson.ShapeException refused =
          assertThrows(StrictJson.ShapeException.class, () -> LeafJson.read(leaf.build()));
      assertTrue(refused.getMessage().contains(lie.getKey()), refused.getMessage());
    }
    assertRefused(served(ENTRIES.get(3)).add("binding", C));
    assertRefused(served(ENTRIES.get(4)).add("signer_fingerprint", B));
    assertRefused(served(ENTRIES.get(4)).add("signed_at", 98));
    assertRefused(served(ENTRIES.get(5)).add("seq", 16));
    assertRefused(served(ENTRIES.get(5)).add("audit_id_hash", B));
  }

  @Test
  void a_detail_field_on_a_leaf_whose_bytes_have_none_is_refused_and_a_missing_one_too() {
    assertRefused(served(ENTRIES.get(0)).add("binding", B));
    assertRefused(served(ENTRIES.get(3)).remove("binding"));
    assertRefused(served(ENTRIES.get(1)).remove("blob_hash"));
    assertRefused(served(ENTRIES.get(3)).add("blob_hash", A));
  }

  @Test
  void bytes_that_are_no_leaf_are_refused() {
    byte[] bytes = ENTRIES.get(3).encode();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(
        InvalidEntryException.class,
        () ->
            LeafJson.read(served(ENTRIES.get(3)).add("leaf_bytes", HEX.formatHex(longer)).build()));
    for (String text : new String[] {"", "0", "zz", "00".repeat(2000)}) {
      assertRefused(served(ENTRIES.get(0)).add("leaf_bytes", text));
    }
  }

  private static void assertRefused(JsonObjectBuilder leaf) {
    assertThrows(StrictJson.ShapeException.class, () -> LeafJson.read(leaf.build()));
  }

  /** The leaf as an honest relay serves it. */
  private static JsonObjectBuilder served(LogEntry entry) {
    byte[] bytes = entry.encode();
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("index", 3)
            .add("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(bytes)))
            .add("leaf_bytes", HEX.formatHex(bytes))
            .add("type", entry.type().wireName())
            .add("subject", entry.subject())
            .add("sector", entry.sector())
            .add("inserted_at", entry.insertedAtMillis())
            .add("inclusion_proof", Json.createArrayBuilder());
    if (entry.type() == EntryType.TRANSFER || entry.type() == EntryType.ACK) {
      json.add("blob_hash", entry.subject());
    }
    if (entry.detail() instanceof LeafDetail.Pubkey p) {
      json.add("binding", p.binding());
    } else if (entry.detail() instanceof LeafDetail.Notary n) {
      json.add("signer_binding", n.signerBinding())
          .add("signer_fingerprint", n.signerFingerprint())
          .add("signed_at", n.signedAtMillis());
    } else if (entry.detail() instanceof LeafDetail.Audit a) {
      json.add("seq", a.seq()).add("audit_id_hash", a.auditIdHash());
    }
    return json;
  }
}
