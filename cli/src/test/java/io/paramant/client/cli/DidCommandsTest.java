package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code paramant did register|show|resolve} and {@code --auth did} against a relay in the test's
 * JVM ({@link FakeRelay}, which checks DID headers as docs/did.md has a relay check them).
 */
class DidCommandsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern DID = Pattern.compile("did:paramant:[a-z2-7]{32}");

  @TempDir Path temp;

  private FakeRelay relay;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void register_registers_keys_then_the_did_and_show_and_resolve_print_it() {
    Run registered = succeeds(as("alice", "did", "register"));
    Run shown = succeeds(as("alice", "did", "show"));
    String did = shown.out().strip();
    Run resolved = succeeds(as("bob", "did", "resolve", did));

    assertTrue(DID.matcher(did).matches(), did);
    assertEquals(
        "registered " + did + " device alice ct_index 1\n",
        registered.out(),
        "the keys' pubkey leaf is 0, the did leaf 1");
    assertTrue(
        relay.requests().indexOf("POST /v2/pubkey")
            < relay.requests().indexOf("POST /v2/did/register"),
        "the keys first");
    DeviceKeys keys = DeviceKeys.load(temp.resolve("alice"));
    try {
      assertEquals(did, keys.did());
    } finally {
      keys.destroy();
    }
    List<String> lines = resolved.out().lines().toList();
    assertEquals(7, lines.size(), resolved::toString);
    assertEquals("did " + did, lines.get(0));
    assertTrue(
        lines.get(1).matches("sig " + did + "#sig ML-DSA-65 sha3-256 [0-9a-f]{64}"),
        lines::toString);
    assertTrue(
        lines.get(2).matches("kex " + did + "#kex P-256 sha3-256 [0-9a-f]{64}"), lines::toString);
    assertEquals("sector main", lines.get(3));
    assertEquals("ct_index 1", lines.get(4));
    assertTrue(lines.get(5).startsWith("logged_at 20"), lines::toString);
    assertTrue(lines.get(6).matches("tree_size 2 log_key_id [0-9a-f]{64}"), lines::toString);
    assertEquals("", resolved.err());
  }

  @Test
  void a_file_goes_both_ways_with_auth_did_and_no_key_on_the_device_requests() throws IOException {
    succeeds(as("alice", "did", "register"));
    succeeds(as("bob", "did", "register"));
    Path file = Files.write(temp.resolve("report.txt"), bytes(4000));
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    int before = relay.credentials().size();

    String id =
        succeeds(as("alice", "send", file.toString(), "--to", "bob", "--auth", "did"))
            .out()
            .strip();
    Run received =
        succeeds(as("bob", "receive", "--hash", id, "-o", inbox.toString(), "--auth", "did"));

    assertEquals(inbox.resolve("report.txt").toAbsolutePath() + "\n", received.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("report.txt")));
    List<String> device =
        relay.credentials().subList(before, relay.credentials().size()).stream()
            .filter(c -> c.contains("/v2/inbound") || c.contains("/v2/outbound/"))
            .toList();
    assertEquals(List.of("did POST /v2/inbound", "did GET /v2/outbound/" + id), device);
  }

  @Test
  void auth_did_without_a_registered_did_is_one_line_and_exit_3() throws IOException {
    succeeds(as("alice", "keys", "register"));
    Path file = Files.write(temp.resolve("a.txt"), bytes(10));

    Run refused = as("alice", "send", file.toString(), "--to", "alice", "--auth", "did");

    assertEquals(3, refused.exit(), refused::toString);
    assertEquals(
        List.of(
            "paramant send: POST /v2/inbound on "
                + relay.uri()
                + ": HTTP 401 did_unknown: did_unknown."),
        refused.err().lines().toList());
  }

  @Test
  void resolve_of_an_unknown_did_is_exit_6_and_of_an_unproven_one_exit_1() {
    succeeds(as("alice", "did", "register"));
    String did = succeeds(as("alice", "did", "show")).out().strip();
    succeeds(as("bob", "keys", "register"));
    String bobs = succeeds(as("bob", "did", "show")).out().strip();

    Run unknown = as("carol", "did", "resolve", bobs);
    relay.editDidDocuments(
        json ->
            Json.createObjectBuilder(json)
                .add(
                    "paramantLog",
                    Json.createObjectBuilder(json.getJsonObject("paramantLog")).add("ct_index", 0))
                .build());
    Run altered = as("carol", "did", "resolve", did);

    assertEquals(6, unknown.exit(), unknown::toString);
    assertEquals(
        "paramant did resolve: no such device registered for this account: no DID "
            + bobs
            + " on "
            + relay.uri()
            + "\n",
        unknown.err());
    assertEquals(1, altered.exit(), altered::toString);
    assertEquals(1, altered.err().lines().count(), altered::toString);
    assertTrue(
        altered
            .err()
            .startsWith(
                "paramant did resolve: verification failed: blob not in the log: the registration"
                    + " of "
                    + did
                    + " is not proven as leaf 0 of the tree of size "),
        altered::toString);
  }

  private Run as(String device, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    Path home = temp.resolve(device);
    all.addAll(
        List.of(
            "--relay",
            relay.uri().toString(),
            "--key",
            FakeRelay.API_KEY,
            "--device",
            device,
            "--state-dir",
            home.toString()));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Paramant.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
