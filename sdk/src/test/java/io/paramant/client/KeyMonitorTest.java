package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import io.paramant.ct.entry.DeviceBinding;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's monitor against a relay that logs substitute keys for a device, and against relays
 * that lie about their leaves: every lie is a refusal, never a clean scan.
 */
class KeyMonitorTest {

  private static final String FOREIGN = "f0".repeat(32);

  @TempDir Path temp;

  private FakeRelay relay;
  private GhostPipe alice;
  private GhostPipe bob;

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    alice = pipe("alice", "alice");
    bob = pipe("bob", "bob");
    alice.registerDevice();
    bob.registerDevice();
    relay.logTransfers(5);
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    relay.close();
  }

  @Test
  void the_first_scan_reads_every_leaf_from_index_0_and_an_honest_log_is_clean() {
    relay.logNotary("alice", alice.publicKeys().fingerprint());
    relay.logAudit(3);

    KeyScan scan = alice.monitorKeys();

    assertEquals(0, scan.fromIndex());
    assertEquals(9, scan.treeSize(), "alice, bob, 5 transfers, a notary and an audit leaf");
    assertEquals(9, scan.leavesChecked());
    assertEquals(FakeRelay.NAMESPACE, scan.namespace());
    assertEquals("alice", scan.deviceId());
    assertEquals(alice.publicKeys().fingerprint(), scan.fingerprint());
    assertEquals(List.of(), scan.substitutions());
    assertEquals(List.of("GET /v2/ct/leaves"), leafRequests().distinct().toList());
  }

  @Test
  void a_later_scan_continues_where_the_last_stopped_also_in_a_new_process() {
    alice.monitorKeys();
    relay.logTransfers(3);
    alice.close();
    alice = pipe("alice", "alice");

    KeyScan later = alice.monitorKeys();

    assertEquals(7, later.fromIndex());
    assertEquals(10, later.treeSize());
    assertEquals(3, later.leavesChecked());
    KeyScan nothingNew = alice.monitorKeys();
    assertEquals(10, nothingNew.fromIndex());
    assertEquals(0, nothingNew.leavesChecked());
  }

  @Test
  void a_substitute_key_logged_for_this_device_is_reported_within_one_scan_and_never_forgotten() {
    alice.monitorKeys();
    long substitute = relay.logSubstituteKey("alice", FOREIGN);
    relay.logTransfers(2);

    KeySubstitutionException found =
        assertThrows(KeySubstitutionException.class, alice::monitorKeys);

    KeySubstitution only = found.substitutions().get(0);
    assertEquals(1, found.substitutions().size());
    assertEquals(KeySubstitution.Kind.PUBKEY_LEAF, only.kind());
    assertEquals(substitute, only.leafIndex());
    assertEquals(FakeRelay.SECTOR, only.sector());
    assertEquals(FOREIGN, only.foreignFingerprint());
    assertTrue(found.getMessage().contains("leaf " + substitute + " (sector main, inserted_at "));
    assertTrue(found.getMessage().contains(FOREIGN), found.getMessage());
    assertEquals(7, found.scan().fromIndex());
    KeySubstitutionException again =
        assertThrows(KeySubstitutionException.class, alice::monitorKeys);
    assertEquals(found.substitutions(), again.substitutions());
    assertEquals(10, again.scan().fromIndex(), "the state moved on; the finding stays");
    assertEquals(0, bob.monitorKeys().substitutions().size(), "a leaf for alice is not bob's");
  }

  @Test
  void a_notary_leaf_that_says_this_device_signed_with_other_keys_is_reported() {
    relay.logNotary("alice", alice.publicKeys().fingerprint());
    long forged = relay.logNotary("alice", FOREIGN);

    KeySubstitutionException found =
        assertThrows(KeySubstitutionException.class, alice::monitorKeys);

    assertEquals(1, found.substitutions().size());
    assertEquals(KeySubstitution.Kind.NOTARY_LEAF, found.substitutions().get(0).kind());
    assertEquals(forged, found.substitutions().get(0).leafIndex());
    assertEquals(FOREIGN, found.substitutions().get(0).foreignFingerprint());
  }

  @Test
  void a_registration_refused_with_409_because_other_keys_hold_the_id_is_a_key_substitution() {
    String registered = alice.publicKeys().fingerprint();
    try (GhostPipe impostorsVictim = pipe("alice", "alice-new-keys")) {
      KeySubstitutionException refused =
          assertThrows(KeySubstitutionException.class, impostorsVictim::registerDevice);

      KeySubstitution finding = refused.substitutions().get(0);
      assertEquals(KeySubstitution.Kind.REGISTRATION_REFUSED, finding.kind());
      assertEquals(0, finding.leafIndex(), "alice's first registration is leaf 0");
      assertEquals(registered, finding.foreignFingerprint());
      assertNotEquals(registered, refused.scan().fingerprint());
      assertTrue(refused.getMessage().contains("409 device_key_conflict"), refused.getMessage());
      KeySubstitutionException scanned =
          assertThrows(KeySubstitutionException.class, impostorsVictim::monitorKeys);
      assertEquals(0, scanned.substitutions().get(0).leafIndex());
    }
  }

  @Test
  void an_audit_leaf_binds_no_device_so_it_is_proven_but_never_a_finding() {
    // an audit leaf whose fields happen to hold this device's binding and a foreign fingerprint:
    // they are an account's audit id hash and chain head, not a binding and a key
    String binding = HexFormat.of().formatHex(DeviceBinding.of(FakeRelay.NAMESPACE, "alice"));
    long first = relay.logAudit(FOREIGN, 1, binding);
    long second = relay.logAudit(FOREIGN, 2, binding);

    KeyScan scan = alice.monitorKeys();
    // a relay that serves the first audit leaf again in the second's place
    long third = relay.logAudit(FOREIGN, 3, binding);
    JsonObject[] firstLeaf = new JsonObject[1];
    relay.editLeavesAnswers(
        answer -> {
          JsonArray leaves = answer.getJsonArray("leaves");
          long from = leaves.getJsonObject(0).getJsonNumber("index").longValue();
          if (from <= first && first < from + leaves.size()) {
            firstLeaf[0] = leaves.getJsonObject((int) (first - from));
            return answer;
          }
          return editLeaf(
                  (int) (third - from),
                  leaf -> Json.createObjectBuilder(firstLeaf[0]).add("index", third).build())
              .apply(answer);
        });
    try (GhostPipe fresh = pipe("bob", "bob")) {
      fresh.monitorKeys(); // reads the first audit leaf through the editor
    }
    LogVerificationException replayed =
        assertThrows(LogVerificationException.class, alice::monitorKeys);

    assertEquals(second + 1, scan.treeSize(), "both audit leaves were read");
    assertEquals(List.of(), scan.substitutions());
    assertEquals(LogVerificationException.Reason.NOT_INCLUDED, replayed.reason());
  }

  @Test
  void leaf_fields_that_disagree_with_the_leaf_bytes_are_refused_and_nothing_is_stored()
      throws IOException {
    relay.editLeavesAnswers(
        editLeaf(2, leaf -> Json.createObjectBuilder(leaf).add("type", "pubkey").build()));

    LogVerificationException lie = assertThrows(LogVerificationException.class, alice::monitorKeys);

    assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, lie.reason());
    assertTrue(lie.getMessage().contains("leaf 2: the served type"), lie.getMessage());
    assertEquals(0, monitorFiles("alice"));
  }

  @Test
  void a_page_that_leaves_out_an_index_is_refused() {
    relay.editLeavesAnswers(
        answer -> {
          JsonArray leaves = answer.getJsonArray("leaves");
          JsonArrayBuilder shorter = Json.createArrayBuilder();
          for (int i = 0; i < leaves.size(); i++) {
            if (i != 3) {
              shorter.add(leaves.get(i));
            }
          }
          return Json.createObjectBuilder(answer).add("leaves", shorter).build();
        });

    LogVerificationException lie = assertThrows(LogVerificationException.class, alice::monitorKeys);

    assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, lie.reason());
  }

  @Test
  void a_substitute_leaf_hidden_behind_another_leafs_bytes_does_not_rebuild_the_root() {
    alice.monitorKeys();
    long substitute = relay.logSubstituteKey("alice", FOREIGN);
    // the relay serves bob's honest registration (leaf 1) in the substitute's place, renumbered
    JsonObject[] bobsLeaf = new JsonObject[1];
    relay.editLeavesAnswers(
        answer -> {
          JsonArray leaves = answer.getJsonArray("leaves");
          long from = leaves.getJsonObject(0).getJsonNumber("index").longValue();
          if (from == 0) {
            bobsLeaf[0] = leaves.getJsonObject(1);
            return answer;
          }
          return editLeaf(
                  (int) (substitute - from),
                  leaf -> Json.createObjectBuilder(bobsLeaf[0]).add("index", substitute).build())
              .apply(answer);
        });
    try (GhostPipe fresh = pipe("bob", "bob")) {
      fresh.monitorKeys(); // reads leaf 1 through the editor
    }

    LogVerificationException hidden =
        assertThrows(LogVerificationException.class, alice::monitorKeys);

    assertEquals(LogVerificationException.Reason.NOT_INCLUDED, hidden.reason());
    relay.editLeavesAnswers(UnaryOperator.identity());
    assertThrows(KeySubstitutionException.class, alice::monitorKeys);
  }

  @Test
  void a_device_without_keys_or_registration_is_told_so() {
    try (GhostPipe carol = pipe("carol", "carol")) {
      assertThrows(IllegalStateException.class, carol::monitorKeys);
      DeviceKeys keys = DeviceKeys.generate();
      keys.store(temp.resolve("carol"));
      keys.destroy();

      TransferException unknown = assertThrows(TransferException.class, carol::monitorKeys);

      assertEquals(TransferException.Reason.UNKNOWN_DEVICE, unknown.reason());
    }
  }

  // ------------------------------------------------------------------------------------------------

  private UnaryOperator<JsonObject> editLeaf(int position, UnaryOperator<JsonObject> edit) {
    return answer -> {
      JsonArray leaves = answer.getJsonArray("leaves");
      if (position < 0 || position >= leaves.size()) {
        return answer;
      }
      JsonArrayBuilder edited = Json.createArrayBuilder();
      for (int i = 0; i < leaves.size(); i++) {
        edited.add(i == position ? edit.apply(leaves.getJsonObject(i)) : leaves.get(i));
      }
      return Json.createObjectBuilder(answer).add("leaves", edited).build();
    };
  }

  private Stream<String> leafRequests() {
    return relay.requests().stream().filter(r -> r.startsWith("GET /v2/ct/leaves"));
  }

  private long monitorFiles(String device) throws IOException {
    Path directory = temp.resolve(device).resolve("key-monitor");
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  private GhostPipe pipe(String device, String directory) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(FakeRelay.API_KEY)
        .deviceId(device)
        .sector(FakeRelay.SECTOR)
        .keyDirectory(temp.resolve(directory))
        .stateDirectory(temp.resolve(directory))
        .retries(2, Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }
}
