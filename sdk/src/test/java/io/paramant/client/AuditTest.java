package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.AuditVerificationException.Reason;
import io.paramant.client.internal.audit.CanonicalJson;
import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GhostPipe#audit()}, {@link GhostPipe#auditCsv} and {@link GhostPipe#verifyAudit()} against
 * a relay in the test's JVM whose audit chain the test writes ({@link FakeRelay#auditRecord}) and
 * anchors in the relay's real log ({@link FakeRelay#auditAnchor}).
 */
class AuditTest {

  private static final String BLOB =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path temp;

  private FakeRelay relay;
  private GhostPipe pipe;

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    pipe =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(FakeRelay.API_KEY)
            .sector(FakeRelay.SECTOR)
            .stateDirectory(temp.resolve("alice"))
            .retries(2, Duration.ofMillis(1), Duration.ofMillis(5))
            .build();
  }

  @AfterEach
  void stop() {
    pipe.close();
    relay.close();
  }

  /** Seven entries over ten minutes, each minute's head anchored, as an honest relay keeps them. */
  private void honestHistory() {
    relay.auditRecord("key_registration", "ab".repeat(32), null);
    relay.auditRecord("inbound", BLOB, 4096L);
    relay.auditAnchor();
    relay.advanceClock(Duration.ofMinutes(1));
    relay.auditRecord("burn", BLOB, 4096L);
    relay.auditRecord("ack", BLOB, null);
    relay.auditAnchor();
    relay.advanceClock(Duration.ofMinutes(3));
    relay.auditRecord("did_registration", "did:paramant:" + "a".repeat(32), null);
    relay.auditRecord("webhook_failed", BLOB, null);
    relay.auditRecord("expiry", BLOB, 0L);
    relay.auditAnchor();
    relay.advanceClock(Duration.ofMinutes(6));
  }

  @Test
  void an_honest_chain_verifies_with_every_anchor_proven_in_the_log() {
    honestHistory();

    AuditChain chain = pipe.audit();
    AuditVerification verified = pipe.verifyAudit(chain);

    assertEquals(7, chain.entries().size());
    assertEquals(3, chain.anchors().size());
    assertEquals(relay.auditIdHash(), chain.auditIdHash());
    assertEquals(7, verified.entries());
    assertEquals(3, verified.anchors());
    assertEquals(7, verified.headSeq());
    assertEquals(chain.entries().get(6).entryHash(), verified.headHash());
    assertEquals(0, verified.baseSeq());
    assertTrue(verified.treeSize() >= 3, verified::toString);
  }

  @Test
  void pages_are_followed_and_put_together() {
    honestHistory();
    AuditChain whole = pipe.audit();
    relay.auditPageSize(2);

    AuditChain paged = pipe.audit();

    assertEquals(whole, paged);
    assertEquals(7, pipe.verifyAudit(paged).entries());
    assertEquals(
        5, relay.requests().stream().filter("GET /v2/audit"::equals).count(), "1 + 4 pages");
  }

  @Test
  void an_unanchored_entry_is_fine_while_recent_and_a_minute_without_anchor_once_old() {
    honestHistory();
    relay.auditRecord("inbound", BLOB, 10L);
    relay.advanceClock(Duration.ofSeconds(30));

    AuditVerification recent = pipe.verifyAudit();
    relay.advanceClock(Duration.ofMinutes(5));
    AuditVerificationException old =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(8, recent.headSeq());
    assertEquals(Reason.ANCHOR_MISSING, old.reason());
    assertEquals(8, old.seq().orElseThrow());
    assertTrue(old.getMessage().startsWith("minute without anchor at seq 8: "), old::getMessage);
  }

  @Test
  void an_anchor_that_comes_too_late_for_its_entry_is_a_minute_without_anchor() {
    relay.auditRecord("inbound", BLOB, 1L);
    relay.advanceClock(Duration.ofMinutes(3));
    relay.auditRecord("burn", BLOB, 1L);
    relay.auditAnchor(); // covers seq 1 too, but three minutes after it
    relay.advanceClock(Duration.ofMinutes(5));

    AuditVerificationException late =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.ANCHOR_MISSING, late.reason());
    assertEquals(1, late.seq().orElseThrow());
  }

  @Test
  void a_changed_size_breaks_the_chain_at_its_seq() {
    honestHistory();
    relay.editAuditAnswers(entry(3, e -> Json.createObjectBuilder(e).add("size", 4097).build()));

    AuditVerificationException broken =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.CHAIN_BROKEN, broken.reason());
    assertEquals(3, broken.seq().orElseThrow());
    assertTrue(
        broken.getMessage().startsWith("chain broken at seq 3: entry_hash "), broken::getMessage);
  }

  @Test
  void a_changed_byte_of_an_entry_hash_breaks_the_chain_at_its_seq() {
    honestHistory();
    relay.editAuditAnswers(
        entry(
            5,
            e ->
                Json.createObjectBuilder(e)
                    .add("entry_hash", flip(e.getString("entry_hash")))
                    .build()));

    AuditVerificationException broken =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.CHAIN_BROKEN, broken.reason());
    assertEquals(5, broken.seq().orElseThrow());
  }

  @Test
  void an_entry_left_out_breaks_the_chain_where_it_is_missing() {
    honestHistory();
    relay.editAuditAnswers(
        page -> {
          JsonArrayBuilder kept = Json.createArrayBuilder();
          page.getJsonArray("entries").getValuesAs(JsonObject.class).stream()
              .filter(e -> e.getInt("seq") != 4)
              .forEach(kept::add);
          return Json.createObjectBuilder(page).add("entries", kept).build();
        });

    AuditVerificationException broken =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.CHAIN_BROKEN, broken.reason());
    assertEquals(5, broken.seq().orElseThrow());
    assertTrue(broken.getMessage().contains("it follows seq 3"), broken::getMessage);
  }

  @Test
  void a_first_entry_of_seq_1_that_does_not_start_from_zero_breaks_the_chain() {
    honestHistory();
    relay.editAuditAnswers(
        entry(1, e -> Json.createObjectBuilder(e).add("prev_hash", "11".repeat(32)).build()));

    AuditVerificationException broken =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.CHAIN_BROKEN, broken.reason());
    assertEquals(1, broken.seq().orElseThrow());
  }

  @Test
  void a_chain_that_starts_at_a_retention_base_verifies_and_says_so() {
    honestHistory();
    relay.editAuditAnswers(
        page -> {
          JsonArrayBuilder kept = Json.createArrayBuilder();
          page.getJsonArray("entries").getValuesAs(JsonObject.class).stream()
              .filter(e -> e.getInt("seq") > 2)
              .forEach(kept::add);
          JsonArrayBuilder anchors = Json.createArrayBuilder();
          page.getJsonArray("anchors").getValuesAs(JsonObject.class).stream()
              .filter(a -> a.getInt("seq") > 2)
              .forEach(anchors::add);
          return Json.createObjectBuilder(page)
              .add("entries", kept)
              .add("anchors", anchors)
              .build();
        });

    AuditVerification verified = pipe.verifyAudit();

    assertEquals(2, verified.baseSeq());
    assertEquals(5, verified.entries());
    assertEquals(2, verified.anchors());
  }

  @Test
  void an_anchor_whose_head_is_not_on_the_chain_fails() {
    honestHistory();
    relay.auditAnchor(2, "77".repeat(32)); // logged, listed, and not the chain's hash at seq 2

    AuditVerificationException refused =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.ANCHOR_NOT_ON_CHAIN, refused.reason());
    assertEquals(2, refused.seq().orElseThrow());
  }

  @Test
  void an_anchor_listed_with_the_chains_head_but_logged_with_another_fails() {
    honestHistory();
    long index = relay.auditAnchor(2, "77".repeat(32));
    String seq2 = pipe.audit().entries().get(1).entryHash();
    relay.editAuditAnswers(
        page -> {
          JsonArrayBuilder anchors = Json.createArrayBuilder();
          for (JsonObject a : page.getJsonArray("anchors").getValuesAs(JsonObject.class)) {
            anchors.add(
                a.getInt("ct_index") == index
                    ? Json.createObjectBuilder(a).add("head", seq2).build()
                    : a);
          }
          return Json.createObjectBuilder(page).add("anchors", anchors).build();
        });

    AuditVerificationException refused =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.ANCHOR_NOT_ON_CHAIN, refused.reason());
    assertTrue(
        refused.getMessage().contains("leaf " + index + " anchors head 7777"), refused::getMessage);
  }

  @Test
  void an_anchor_whose_leaf_is_another_leaf_or_not_in_the_log_fails() {
    honestHistory();
    long transfer = relay.logAudit(1); // an audit leaf of another account
    relay.editAuditAnswers(
        anchor(0, a -> Json.createObjectBuilder(a).add("ct_index", transfer).build()));
    AuditVerificationException other =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());
    relay.editAuditAnswers(
        anchor(0, a -> Json.createObjectBuilder(a).add("ct_index", 1_000_000).build()));
    AuditVerificationException missing =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit(pipe.audit()));

    assertEquals(Reason.ANCHOR_LEAF_INVALID, other.reason());
    assertEquals(Reason.ANCHOR_LEAF_INVALID, missing.reason());
    assertTrue(
        missing.getMessage().contains("not in the relay's verified log"), missing::getMessage);
  }

  @Test
  void a_leaf_proof_that_does_not_lead_to_the_verified_root_fails() {
    honestHistory();
    relay.editLeavesAnswers(
        page -> {
          JsonArrayBuilder leaves = Json.createArrayBuilder();
          for (JsonObject leaf : page.getJsonArray("leaves").getValuesAs(JsonObject.class)) {
            JsonArrayBuilder proof = Json.createArrayBuilder();
            leaf.getJsonArray("inclusion_proof")
                .getValuesAs(jakarta.json.JsonString.class)
                .forEach(h -> proof.add(flip(h.getString())));
            leaves.add(Json.createObjectBuilder(leaf).add("inclusion_proof", proof));
          }
          return Json.createObjectBuilder(page).add("leaves", leaves).build();
        });

    AuditVerificationException refused =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.ANCHOR_LEAF_INVALID, refused.reason());
    assertTrue(refused.getMessage().contains("is not proven"), refused::getMessage);
  }

  @Test
  void an_audit_id_hash_that_is_not_the_hash_of_the_audit_id_fails() {
    honestHistory();
    relay.editAuditAnswers(
        page -> Json.createObjectBuilder(page).add("audit_id", "00".repeat(32)).build());

    AuditVerificationException refused =
        assertThrows(AuditVerificationException.class, () -> pipe.verifyAudit());

    assertEquals(Reason.AUDIT_ID_MISMATCH, refused.reason());
  }

  @Test
  void the_csv_export_is_streamed_as_the_relay_sends_it() {
    honestHistory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long written = pipe.auditCsv(out);

    String[] rows = out.toString(StandardCharsets.UTF_8).split("\r\n", -1);
    assertEquals(out.size(), written);
    assertEquals("seq,at,event,subject,size,prev_hash,entry_hash", rows[0]);
    assertEquals(9, rows.length, "header, seven rows, and nothing after the last CRLF");
    assertTrue(rows[2].startsWith("2,"), rows[2]);
    assertTrue(relay.credentials().contains("key GET /v2/audit"), relay.credentials()::toString);
  }

  @Test
  void canonical_json_sorts_members_writes_integers_plainly_and_escapes_as_rfc_8785() {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("subject", "a\"b\\c\n\u0001é€");
    members.put("seq", 3L);
    members.put("at", 1_764_144_000_000L);
    members.put("size", 0L);
    members.put("event", "burn");

    String json = new String(CanonicalJson.object(members), StandardCharsets.UTF_8);

    assertEquals(
        "{\"at\":1764144000000,\"event\":\"burn\",\"seq\":3,\"size\":0,"
            + "\"subject\":\"a\\\"b\\\\c\\n\\u0001é€\"}",
        json);
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.object(Map.of("n", 1L << 53)));
    assertEquals(
        "{\"at\":5,\"event\":\"ack\",\"seq\":1,\"subject\":\"x\"}",
        new String(CanonicalJson.auditEntry(1, 5, "ack", "x", null), StandardCharsets.UTF_8));
  }

  private static UnaryOperator<JsonObject> entry(int seq, UnaryOperator<JsonObject> edit) {
    return page -> {
      JsonArrayBuilder entries = Json.createArrayBuilder();
      for (JsonObject e : page.getJsonArray("entries").getValuesAs(JsonObject.class)) {
        entries.add(e.getInt("seq") == seq ? edit.apply(e) : e);
      }
      return Json.createObjectBuilder(page).add("entries", entries).build();
    };
  }

  private static UnaryOperator<JsonObject> anchor(int position, UnaryOperator<JsonObject> edit) {
    return page -> {
      JsonArrayBuilder anchors = Json.createArrayBuilder();
      var list = page.getJsonArray("anchors").getValuesAs(JsonObject.class);
      for (int i = 0; i < list.size(); i++) {
        anchors.add(i == position ? edit.apply(list.get(i)) : list.get(i));
      }
      return Json.createObjectBuilder(page).add("anchors", anchors).build();
    };
  }

  /** {@code hex} with its first digit changed. */
  private static String flip(String hex) {
    return (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1);
  }
}
