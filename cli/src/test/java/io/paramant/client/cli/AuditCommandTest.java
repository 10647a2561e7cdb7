package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code paramant audit [--csv] [--verify] [-o FILE]} against a relay in the test's JVM. */
class AuditCommandTest {

  private static final String BLOB =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path temp;

  private FakeRelay relay;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    relay.auditRecord("inbound", BLOB, 4096L);
    relay.auditRecord("burn", BLOB, 4096L);
    relay.auditAnchor();
    relay.advanceClock(Duration.ofMinutes(1));
    relay.auditRecord("ack", BLOB, null);
    relay.auditAnchor();
    relay.advanceClock(Duration.ofMinutes(5));
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void audit_prints_the_chain_as_json_and_verify_prints_one_summary_line() {
    Run exported = succeeds(as("audit"));
    Run verified = succeeds(as("audit", "--verify"));

    JsonObject json = Json.createReader(new StringReader(exported.out())).readObject();
    assertEquals(3, json.getJsonArray("entries").size());
    assertEquals(2, json.getJsonArray("anchors").size());
    assertEquals(relay.auditIdHash(), json.getString("audit_id_hash"));
    assertFalse(json.containsKey("next_after_seq"));
    String head = json.getString("head_hash");
    assertTrue(
        verified
            .out()
            .matches(
                "verified: entries=3 anchors=2 head_seq=3 head_hash="
                    + head
                    + " tree_size=\\d+ log_key_id=[0-9a-f]{64}\n"),
        verified::toString);
    assertEquals("", verified.err());
  }

  @Test
  void a_chain_that_does_not_verify_is_one_line_and_exit_9() {
    relay.editAuditAnswers(
        page -> {
          JsonArrayBuilder entries = Json.createArrayBuilder();
          for (JsonObject e : page.getJsonArray("entries").getValuesAs(JsonObject.class)) {
            entries.add(
                e.getInt("seq") == 2 ? Json.createObjectBuilder(e).add("at", 1).build() : e);
          }
          return Json.createObjectBuilder(page).add("entries", entries).build();
        });

    Run refused = as("audit", "--verify");

    assertEquals(9, refused.exit(), refused::toString);
    assertEquals("", refused.out());
    assertEquals(1, refused.err().lines().count(), refused::toString);
    assertTrue(
        refused
            .err()
            .startsWith("paramant audit: audit chain does not verify: chain broken at seq 2: "),
        refused::toString);
  }

  @Test
  void csv_goes_to_the_file_named_and_never_over_an_existing_one() throws IOException {
    Path csv = temp.resolve("audit.csv");

    Run written = succeeds(as("audit", "--csv", "-o", csv.toString()));
    Run again = as("audit", "--csv", "-o", csv.toString());
    Run printed = succeeds(as("audit", "--csv"));

    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("seq,at,event,subject,size,prev_hash,entry_hash\r\n"), text);
    assertEquals(4, text.split("\r\n").length);
    assertEquals("", written.out());
    assertEquals(text, printed.out());
    assertEquals(4, again.exit(), again::toString);
    assertEquals("paramant audit: " + csv + ": already exists\n", again.err());
    try (var left = Files.list(temp)) {
      assertEquals(0, left.filter(f -> f.toString().endsWith(".part")).count());
    }
  }

  @Test
  void audit_with_auth_did_signs_the_export_as_the_device() {
    succeeds(as("did", "register"));

    succeeds(as("audit", "--verify", "--auth", "did"));

    assertTrue(relay.credentials().contains("did GET /v2/audit"), relay.credentials()::toString);
  }

  private Run as(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--relay",
            relay.uri().toString(),
            "--key",
            FakeRelay.API_KEY,
            "--device",
            "alice",
            "--state-dir",
            temp.resolve("alice").toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Paramant.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }
}
