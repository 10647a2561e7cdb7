package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.Mnemonic;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.HostileSender;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The transfer commands against a relay in the test's JVM ({@link FakeRelay}), run in-process the
 * way {@code bin/paramant} runs them: two devices with their own state directories. The system
 * tests run the same commands as processes against the real relay.
 */
class CommandsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String FOREIGN = "f0".repeat(32);

  @TempDir Path temp;

  private FakeRelay relay;

  /** What one run printed. */
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
  void two_devices_exchange_a_file_of_three_chunks() throws IOException {
    Run bob = succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path file = file("report.pdf", 2 * OutgoingFile.CHUNK_DATA_SIZE + 99);

    Run sent = succeeds(as("alice", "send", file.toString(), "--to", "bob"));
    String id = sent.out().strip();
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    Run received = succeeds(as("bob", "receive", "--hash", id, "-o", inbox.toString()));

    assertTrue(bob.out().startsWith("registered bob fingerprint "), bob::toString);
    assertEquals(3, id.split(",").length);
    assertEquals("", sent.err(), "no progress where standard error is not a terminal");
    assertEquals(inbox.resolve("report.pdf").toAbsolutePath() + "\n", received.out());
    assertEquals(
        "from account:tester/alice (signed, verified in log main)",
        received.err().lines().reduce((first, second) -> second).orElseThrow(),
        "who sent it: " + received);
    assertEquals(1, received.err().lines().count(), received::toString);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("report.pdf")));

    Run again = as("bob", "receive", "--hash", id, "-o", inbox.toString());
    assertEquals(6, again.exit(), again::toString);
    assertTrue(again.err().startsWith("paramant receive: not on the relay"), again::toString);
  }

  @Test
  void receive_to_a_file_name_refuses_a_staging_directory_placed_by_someone_else()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path file = file("secret.txt", 1000);
    String id = succeeds(as("alice", "send", file.toString(), "--to", "bob")).out().strip();
    Path shared = Files.createDirectories(temp.resolve("shared"));
    Path theirs = Files.createDirectories(temp.resolve("theirs"));
    // another user of the shared directory knows the staging name from the transfer id
    Path staging = shared.resolve(".paramant-receive-" + id.substring(0, 16));
    Files.createSymbolicLink(staging, theirs);

    Run linked = as("bob", "receive", "--hash", id, "-o", shared.resolve("out.txt").toString());
    assertEquals(4, linked.exit(), linked::toString);
    Files.delete(staging);
    Files.createDirectory(
        staging,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Run open = as("bob", "receive", "--hash", id, "-o", shared.resolve("out.txt").toString());

    for (Run refused : List.of(linked, open)) {
      assertEquals(4, refused.exit(), refused::toString);
      assertTrue(
          refused.err().contains(staging + ": not a private directory of this user"),
          refused::toString);
    }
    try (var left = Files.list(theirs)) {
      assertEquals(0, left.count(), "nothing written where the link pointed");
    }
    try (var left = Files.list(staging)) {
      assertEquals(0, left.count(), "nothing written into the open directory");
    }
    assertFalse(Files.exists(shared.resolve("out.txt")));
  }

  @Test
  void an_unsigned_file_is_exit_8_without_a_trace_and_received_with_allow_unsigned()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path file = file("plain.txt", 1000);
    String id =
        succeeds(as("alice", "send", file.toString(), "--to", "bob", "--unsigned")).out().strip();
    Path inbox = Files.createDirectories(temp.resolve("inbox"));

    Run refused = as("bob", "receive", "--hash", id, "-o", inbox.toString());
    try (var left = Files.list(inbox)) {
      assertEquals(0, left.count(), "nothing written, not even a part file");
    }
    Run allowed =
        succeeds(as("bob", "receive", "--hash", id, "-o", inbox.toString(), "--allow-unsigned"));

    assertEquals(8, refused.exit(), refused::toString);
    assertTrue(
        refused
            .err()
            .startsWith(
                "paramant receive: sender signature refused: the transfer is not signed by its"
                    + " sender"),
        refused::toString);
    assertEquals(1, refused.err().lines().count(), "one line, no stack trace");
    assertEquals(inbox.resolve("plain.txt").toAbsolutePath() + "\n", allowed.out());
    assertTrue(
        allowed
            .err()
            .endsWith("from an unknown sender (unsigned, accepted with --allow-unsigned)\n"),
        allowed::toString);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("plain.txt")));
  }

  @Test
  void a_file_is_received_under_the_name_asked_for_and_nothing_is_overwritten() throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path file = file("a.txt", 1000);
    String id = succeeds(as("alice", "send", file.toString(), "--to", "bob")).out().strip();
    Path target = temp.resolve("renamed.txt");

    Run received = succeeds(as("bob", "receive", "--hash", id, "-o", target.toString()));

    assertEquals(target + "\n", received.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
    try (var left = Files.list(temp)) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().startsWith(".paramant")),
          "the staging directory is gone");
    }
    String second = succeeds(as("alice", "send", file.toString(), "--to", "bob")).out().strip();
    Run exists = as("bob", "receive", "--hash", second, "-o", target.toString());
    assertEquals(4, exists.exit(), exists::toString);
  }

  @Test
  void a_target_that_ends_with_a_slash_is_a_directory_created_if_missing() throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path file = file("b.txt", 300);
    String id = succeeds(as("alice", "send", file.toString(), "--to", "bob")).out().strip();
    Path inbox = temp.resolve("new-inbox");

    Run received = succeeds(as("bob", "receive", "--hash", id, "-o", inbox + "/"));

    assertEquals(inbox.resolve("b.txt") + "\n", received.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("b.txt")));
  }

  @Test
  void a_drop_is_picked_up_to_a_file_name_or_a_new_directory_like_a_transfer_is_received()
      throws IOException {
    Path file = file("memo.txt", 400);
    Path target = temp.resolve("picked.txt");
    Files.writeString(target, "already here");
    String words = succeeds(as("alice", "drop", file.toString())).out().strip();

    Run exists = pickup(words, target.toString());
    Run named = pickup(words, temp.resolve("renamed.txt").toString());
    String again = succeeds(as("alice", "drop", file.toString())).out().strip();
    Run intoNew = pickup(again, temp.resolve("drops") + "/");

    // refused before the relay was asked: the drop was still there for the second pickup
    assertEquals(4, exists.exit(), exists::toString);
    assertEquals("already here", Files.readString(target));
    assertEquals(0, named.exit(), named::toString);
    assertEquals(temp.resolve("renamed.txt") + "\n", named.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(temp.resolve("renamed.txt")));
    assertEquals(0, intoNew.exit(), intoNew::toString);
    assertArrayEquals(
        Files.readAllBytes(file), Files.readAllBytes(temp.resolve("drops").resolve("memo.txt")));
    try (var left = Files.list(temp)) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().startsWith(".paramant")),
          "no staging directory is left");
    }
  }

  @Test
  void a_picked_up_drop_whose_file_name_was_taken_meanwhile_is_kept_and_its_place_named()
      throws IOException {
    Path file = file("memo.txt", 300);
    String words = succeeds(as("alice", "drop", file.toString())).out().strip();
    Path target = temp.resolve("memo-copy.txt");
    // the name is free when pickup starts; something takes it while the drop is on its way
    relay.onDropPickup(
        () -> {
          try {
            Files.writeString(target, "someone else's");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    Run picked = pickup(words, target.toString());

    assertEquals(4, picked.exit(), picked::toString);
    assertEquals("someone else's", Files.readString(target), "nothing is overwritten");
    Path kept;
    try (var staged = Files.list(temp)) {
      kept =
          staged
              .filter(p -> p.getFileName().toString().startsWith(".paramant-pickup-"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the burned drop is gone: " + picked))
              .resolve("memo.txt");
    }
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(kept));
    assertTrue(picked.err().contains(kept.toString()), "says where it is: " + picked);
  }

  private Run pickup(String words, String output) {
    List<String> args =
        new ArrayList<>(List.of("pickup", "--relay", relay.uri().toString(), "-o", output));
    args.addAll(List.of(words.split(" ")));
    return run(args.toArray(String[]::new));
  }

  @Test
  void the_keys_a_sender_sees_have_the_fingerprint_the_receiver_shows() {
    succeeds(as("bob", "keys", "init"));
    succeeds(as("bob", "keys", "register"));

    Run own = succeeds(as("bob", "keys", "show"));
    Run seen = succeeds(as("alice", "keys", "show", "--peer", "bob"));

    assertEquals(own.out(), seen.out());
    assertTrue(own.out().matches("fingerprint [0-9a-f]{64}\ndid did:paramant:[a-z2-7]{32}\n"));
    Run twice = as("bob", "keys", "init");
    assertEquals(4, twice.exit(), "existing keys are never replaced");
  }

  @Test
  void a_drop_is_picked_up_once_by_its_words_without_a_key() throws IOException {
    Path file = file("note.txt", 500);

    String words = succeeds(as("alice", "drop", file.toString())).out().strip();
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    List<String> pickup =
        new ArrayList<>(
            List.of("pickup", "--relay", relay.uri().toString(), "-o", inbox.toString()));
    pickup.addAll(List.of(words.split(" ")));
    Run picked = run(pickup.toArray(String[]::new));
    Run second = run(pickup.toArray(String[]::new));

    assertEquals(12, words.split(" ").length);
    assertEquals(0, picked.exit(), picked::toString);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox.resolve("note.txt")));
    assertEquals(6, second.exit(), second::toString);
  }

  /** Right-to-left override, an OSC title sequence and a C1 CSI "clear screen". */
  private static final String HOSTILE_NAME = "invoice\u202Etxt.exe\u001B]0;owned\u0007\u009B2J";

  @Test
  void receive_refuses_a_file_name_that_could_take_over_the_terminal_and_prints_none_of_it()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    String sent =
        succeeds(
                as("alice", "send", file("plain.txt", 100).toString(), "--to", "bob", "--unsigned"))
            .out()
            .strip();
    Credential bob = Credential.device(DeviceKeys.load(temp.resolve("bob")));
    String hostile =
        relay.replaceBlob(sent, blob -> HostileSender.renamed(blob, bob, HOSTILE_NAME));
    Path inbox = Files.createDirectories(temp.resolve("inbox"));

    // a hostile sender does not sign; the receiver accepts unsigned, and the name rule still holds
    Run received =
        as("bob", "receive", "--hash", hostile, "-o", inbox.toString(), "--allow-unsigned");

    assertEquals(4, received.exit(), received::toString);
    assertEquals("", received.out());
    assertEquals("paramant receive: file name is not a safe single path element\n", received.err());
    try (var written = Files.list(inbox)) {
      assertEquals(List.of(), written.toList());
    }
  }

  @Test
  void pickup_refuses_a_file_name_that_could_take_over_the_terminal_and_prints_none_of_it()
      throws IOException {
    String words = succeeds(as("alice", "drop", file("note.txt", 50).toString())).out().strip();
    Credential phrase = Credential.drop(Mnemonic.parse(words));
    relay.replaceDrops(drop -> HostileSender.renamed(drop, phrase, HOSTILE_NAME));
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    List<String> pickup =
        new ArrayList<>(
            List.of("pickup", "--relay", relay.uri().toString(), "-o", inbox.toString()));
    pickup.addAll(List.of(words.split(" ")));

    Run picked = run(pickup.toArray(String[]::new));

    assertEquals(4, picked.exit(), picked::toString);
    assertEquals("", picked.out());
    assertEquals("paramant pickup: file name is not a safe single path element\n", picked.err());
    try (var written = Files.list(inbox)) {
      assertEquals(List.of(), written.toList());
    }
  }

  @Test
  void watch_skips_a_file_whose_name_could_take_over_the_terminal_and_prints_it_escaped()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path outbox = Files.createDirectories(temp.resolve("outbox"));
    // ASCII controls only: a file system whose names the JVM reads as ASCII (C locale) holds them
    // too
    Files.writeString(outbox.resolve("bad\u001B[2J\rname.txt"), "x");

    Run watched =
        as(
            "alice",
            "watch",
            outbox.toString(),
            "--to",
            "bob",
            "--once",
            "--monitor-interval",
            "0",
            "--namespace", // configured: nothing pinned on first use is printed
            FakeRelay.NAMESPACE);

    assertEquals(0, watched.exit(), watched::toString);
    assertEquals("", watched.out());
    assertEquals(
        "paramant watch: bad\\u001B[2J\\u000Dname.txt: file name is not a safe single path element"
            + " (skipped)\n",
        watched.err());
    assertEquals(0, relay.storedBlobs().size());
  }

  @Test
  void watch_sends_each_file_once_also_after_a_restart() throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path outbox = Files.createDirectories(temp.resolve("outbox"));
    file("one.bin", 10);
    file("two.bin", 20);
    Files.writeString(outbox.resolve(".hidden"), "not sent");

    Run first = succeeds(as("alice", "watch", outbox.toString(), "--to", "bob", "--once"));
    Run restarted = succeeds(as("alice", "watch", outbox.toString(), "--to", "bob", "--once"));
    file("three.bin", 30);
    Run third =
        succeeds(
            as("alice", "watch", outbox.toString(), "--to", "bob", "--once", "--heartbeat", "60"));

    assertEquals(
        List.of("one.bin", "two.bin"),
        first.out().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
    assertEquals("", restarted.out());
    assertEquals(
        List.of("heartbeat", "three.bin"),
        third.out().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
    assertEquals(4, relay.storedBlobs().size());
  }

  @Test
  void a_relay_that_substitutes_keys_is_an_alarm_and_an_unknown_device_is_not_found()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    Path file = file("a.txt", 10);
    relay.editPubkeyAnswers(
        json ->
            Json.createObjectBuilder(json)
                .add("kyber_pub", DeviceKeys.generate().publicKeys().mlKemHex())
                .build());

    Run substituted = as("alice", "send", file.toString(), "--to", "bob");
    Run unknown = as("alice", "send", file.toString(), "--to", "carol");

    assertEquals(1, substituted.exit(), substituted::toString);
    assertTrue(
        substituted.err().startsWith("paramant send: verification failed: device keys do not"),
        substituted::toString);
    assertEquals(6, unknown.exit(), unknown::toString);
    assertEquals(0, relay.storedBlobs().size());
  }

  @Test
  void keys_monitor_is_exit_0_for_an_honest_log_and_exit_7_for_a_key_logged_for_this_device() {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));

    Run clean = succeeds(as("bob", "keys", "monitor"));
    long substitute = relay.logSubstituteKey("bob", FOREIGN);
    Run found = as("bob", "keys", "monitor");
    Run again = as("bob", "keys", "monitor");
    Run others = succeeds(as("alice", "keys", "monitor"));

    assertTrue(
        clean.out().startsWith("checked 2 leaves (index 0 to 1) up to tree size 2 of log "),
        clean::toString);
    assertTrue(
        clean.out().contains(": no key substitution for bob (account:tester"), clean::toString);
    assertEquals(7, found.exit(), found::toString);
    assertEquals("", found.out());
    assertTrue(
        found.err().startsWith("paramant keys monitor: key substitution: "), found::toString);
    assertTrue(
        found.err().contains("leaf " + substitute + " (sector main, inserted_at "),
        found::toString);
    assertTrue(found.err().contains(FOREIGN), found::toString);
    assertTrue(found.err().contains("can read what is sent to this device"), found::toString);
    assertEquals(7, again.exit(), "a finding is reported by every later scan: " + again);
    assertTrue(others.out().startsWith("checked 3 leaves"), others::toString);
  }

  @Test
  void keys_monitor_is_exit_1_when_the_relay_serves_another_leaf_in_place_of_a_substitute_key() {
    succeeds(as("bob", "keys", "register"));
    long substitute = relay.logSubstituteKey("bob", FOREIGN);
    // bob's own registration (leaf 0) served again, renumbered, where the substitute is
    relay.editLeavesAnswers(
        answer -> {
          JsonArray leaves = answer.getJsonArray("leaves");
          JsonArrayBuilder edited = Json.createArrayBuilder();
          for (int i = 0; i < leaves.size(); i++) {
            edited.add(
                i == substitute
                    ? Json.createObjectBuilder(leaves.getJsonObject(0))
                        .add("index", substitute)
                        .build()
                    : leaves.get(i));
          }
          return Json.createObjectBuilder(answer).add("leaves", edited).build();
        });

    Run hidden = as("bob", "keys", "monitor");

    assertEquals(1, hidden.exit(), hidden::toString);
    assertEquals("", hidden.out());
    assertTrue(
        hidden.err().startsWith("paramant keys monitor: verification failed: "), hidden::toString);
    assertTrue(hidden.err().contains("do not rebuild the root"), hidden::toString);
  }

  @Test
  void a_registration_refused_because_other_keys_hold_the_device_id_is_exit_7() {
    succeeds(as("bob", "keys", "register"));

    Run refused =
        run(
            "keys",
            "register",
            "--relay",
            relay.uri().toString(),
            "--key",
            FakeRelay.API_KEY,
            "--device",
            "bob",
            "--state-dir",
            temp.resolve("bob-reinstalled").toString());

    assertEquals(7, refused.exit(), refused::toString);
    assertTrue(refused.err().contains("409 device_key_conflict"), refused::toString);
  }

  @Test
  void watch_and_stream_end_with_exit_7_when_their_key_monitor_finds_a_substitute_key()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path outbox = Files.createDirectories(temp.resolve("outbox"));
    Run watched = succeeds(as("alice", "watch", outbox.toString(), "--to", "bob", "--once"));
    relay.logSubstituteKey("alice", FOREIGN);
    relay.logSubstituteKey("bob", FOREIGN);

    Run watch = as("alice", "watch", outbox.toString(), "--to", "bob", "--once");
    Run stream = as("bob", "stream");

    assertTrue(
        watched.err().startsWith("paramant watch: key monitor: checked 2 leaves"),
        watched::toString);
    assertEquals(7, watch.exit(), watch::toString);
    assertTrue(watch.err().contains("paramant watch: key substitution: "), watch::toString);
    assertEquals(7, stream.exit(), stream::toString);
    assertTrue(stream.err().contains("paramant stream: key substitution: "), stream::toString);
  }

  @Test
  @Timeout(60) // a monitor that retries for ever keeps the watch running: the timeout fails it
  void a_watch_ends_with_exit_3_when_the_relay_keeps_its_key_monitor_from_completing_scans()
      throws IOException {
    succeeds(as("bob", "keys", "register"));
    succeeds(as("alice", "keys", "register"));
    Path outbox = Files.createDirectories(temp.resolve("outbox"));
    relay.fail("GET", "/v2/ct/leaves", 503);

    Run watch =
        as(
            "alice",
            "watch",
            outbox.toString(),
            "--to",
            "bob",
            "--interval",
            "1",
            "--monitor-interval",
            "1s",
            "--monitor-failures",
            "2");

    assertEquals(3, watch.exit(), watch::toString);
    List<String> lines = watch.err().lines().toList();
    assertEquals(2, lines.size(), watch::toString);
    assertTrue(
        lines.get(0).startsWith("paramant watch: key monitor: ")
            && lines.get(0).endsWith(" (failed scan 1 of 2 in a row; will try again)"),
        watch::toString);
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "paramant watch: the key monitor could not complete 2 scans in a row (last: "),
        watch::toString);
    assertTrue(
        lines.get(1).endsWith("may be hiding keys substituted for it: stopping"), watch::toString);
  }

  @Test
  void a_relay_that_hides_the_owners_own_registration_cannot_keep_its_monitor_from_the_log()
      throws IOException {
    succeeds(as("bob", "keys", "register")); // pins bob's namespace
    long substitute = relay.logSubstituteKey("bob", FOREIGN);
    relay.fail("GET", "/v2/pubkey/bob", 404);

    Run monitored = as("bob", "keys", "monitor");

    assertEquals(7, monitored.exit(), monitored::toString);
    assertTrue(
        monitored.err().contains("leaf " + substitute + " (sector main, inserted_at "),
        monitored::toString);
    assertTrue(monitored.err().contains("foreign fingerprint " + FOREIGN), monitored::toString);
  }

  @Test
  void a_relay_cannot_move_an_unpinned_owners_monitor_to_a_decoy_namespace_between_scans() {
    succeeds(as("bob", "keys", "register"));
    // the owner's monitor runs from a state directory without pins (a new host, lost state)
    String[] monitor = {
      "keys",
      "monitor",
      "--relay",
      relay.uri().toString(),
      "--key",
      FakeRelay.API_KEY,
      "--device",
      "bob",
      "--key-dir",
      temp.resolve("bob").toString(),
      "--state-dir",
      temp.resolve("bob-monitor").toString()
    };
    Run first = run(monitor);
    long substitute = relay.logSubstituteKey("bob", FOREIGN);
    relay.logDecoyRegistration("bob", "account:decoy");
    relay.checkKeyNames("account:decoy");

    Run second = run(monitor);

    assertEquals(0, first.exit(), first::toString);
    assertTrue(first.out().contains(FakeRelay.NAMESPACE), first::toString);
    assertEquals(7, second.exit(), second::toString);
    assertTrue(
        second.err().contains("leaf " + substitute + " (sector main, inserted_at "),
        second::toString);
  }

  @Test
  void scan_prints_the_relays_of_the_deployment_as_the_relay_asked_lists_them() {
    String hostPort = relay.uri().getHost() + ":" + relay.uri().getPort();
    String expected =
        "main up "
            + relay.uri()
            + " version=test edition=community self\n"
            + "health down http://127.0.0.1:3001\n"
            + "iot up http://127.0.0.1:3004 version=test edition=licensed latency=7ms\n";

    Run byHostPort = run("scan", hostPort);
    Run byUrl = run("scan", "--relay", relay.uri().toString());

    assertEquals(0, byHostPort.exit(), byHostPort::toString);
    assertEquals(expected, byHostPort.out());
    assertEquals("", byHostPort.err());
    assertEquals(0, byUrl.exit(), byUrl::toString);
    assertEquals(expected, byUrl.out());
  }

  @Test
  void scan_of_a_relay_that_does_not_answer_is_exit_3() throws IOException {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Run scan = run("scan", "127.0.0.1:" + closed);

    assertEquals(3, scan.exit(), scan::toString);
    assertEquals("", scan.out());
    assertTrue(scan.err().startsWith("paramant scan: cannot connect to "), scan::toString);
  }

  // ------------------------------------------------------------------------------------------------

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
    CommandLine cli = Paramant.commandLine(args); // as main() builds it
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }

  private Path file(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    Path dir = Files.createDirectories(temp.resolve("outbox"));
    return Files.write(dir.resolve(name), bytes);
  }
}
