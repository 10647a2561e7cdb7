package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.GhostPipe;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paramant audit} as people and scripts run it: {@code bin/paramant} as a process of its own
 * per command against the real relay, as {@link CliDidIT} runs it. An account's transfer (send and
 * receive with the CLI) lands in its audit chain; once the relay anchored the head (every 5 s in
 * the test deployment), {@code audit --verify} verifies the chain and its anchors in the log and
 * prints one line (also with {@code --auth did}), {@code audit --csv -o FILE} writes the relay's
 * CSV; and after one byte of the stored chain file is changed ({@link AuditIT} finds it the same
 * way), {@code audit --verify} is exit 9 with one line naming the seq of the changed entry.
 */
class CliAuditIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final int AUDIT_FAILED = 9;
  private static final Pattern SUMMARY =
      Pattern.compile(
          "verified: entries=(\\d+) anchors=(\\d+) head_seq=(\\d+) head_hash=([0-9a-f]{64})"
              + " tree_size=(\\d+) log_key_id=([0-9a-f]{64})\n");
  private static final Pattern AT = Pattern.compile("\"at\":(\\d+)");

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final RelayApi api = new RelayApi(relay);
  private final TestAccount account = Deployment.newAccount("pro");
  private final String key = account.apiKey();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void a_transfers_audit_chain_verifies_exports_as_csv_and_one_changed_byte_is_exit_9()
      throws Exception {
    // paramant did register (keys, then the DID) and paramant keys register, in this JVM (see pipe)
    try (GhostPipe alice = pipe("alice");
        GhostPipe bob = pipe("bob")) {
      assertEquals(id("alice"), alice.registerDid().deviceId());
      assertEquals(id("bob"), bob.registerDevice().deviceId());
    }
    Path file = Files.createDirectories(temp.resolve("outbox")).resolve("report.pdf");
    byte[] content = new byte[300_000];
    RANDOM.nextBytes(content);
    Files.write(file, content);
    String transferId =
        succeeds(paramant("alice", "send", file.toString(), "--to", id("bob"))).out().strip();
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    succeeds(paramant("bob", "receive", "--hash", transferId, "-o", inbox.toString()));

    JsonObject page = awaitAnchoredHead();
    List<JsonObject> entries = page.getJsonArray("entries").getValuesAs(JsonObject.class);
    List<String> events = entries.stream().map(e -> e.getString("event")).toList();
    assertTrue(
        events.containsAll(List.of("key_registration", "did_registration", "inbound", "burn")),
        events::toString);

    // --verify: exit 0 and one line, the relay's head
    Run verified = succeeds(paramant("alice", "audit", "--verify"));
    Matcher summary = SUMMARY.matcher(verified.out());
    assertTrue(summary.matches(), verified::toString);
    long headSeq = Long.parseLong(summary.group(3));
    assertTrue(headSeq >= page.getJsonNumber("head_seq").longValue(), verified::toString);
    assertEquals(headSeq, Long.parseLong(summary.group(1)), "every entry, from seq 1");
    assertTrue(Long.parseLong(summary.group(2)) >= 1, verified::toString);
    if (headSeq == page.getJsonNumber("head_seq").longValue()) {
      assertEquals(page.getString("head_hash"), summary.group(4));
    }
    assertEquals("", verified.err(), verified::toString);

    // the same export signed as alice's DID (GET /v2/audit?after_seq=0&limit=... as the target)
    Run byDid = succeeds(paramant("alice", "audit", "--verify", "--auth", "did"));
    Matcher didSummary = SUMMARY.matcher(byDid.out());
    assertTrue(didSummary.matches(), byDid::toString);
    assertTrue(Long.parseLong(didSummary.group(3)) >= headSeq, byDid::toString);

    // --csv -o FILE: the header row, then one row per entry
    Path csv = temp.resolve("f.csv");
    Run exported = succeeds(paramant("alice", "audit", "--csv", "-o", csv.toString()));
    assertEquals("", exported.out());
    String[] rows = Files.readString(csv, StandardCharsets.UTF_8).split("\r\n", -1);
    assertEquals("seq,at,event,subject,size,prev_hash,entry_hash", rows[0]);
    assertEquals("", rows[rows.length - 1], "every row ends with CRLF");
    assertTrue(rows.length - 2 >= entries.size(), () -> String.join("\n", rows));
    for (int i = 0; i < entries.size(); i++) {
      JsonObject e = entries.get(i);
      assertTrue(
          rows[i + 1].startsWith(
              e.getJsonNumber("seq") + "," + e.getJsonNumber("at") + "," + e.getString("event")),
          rows[i + 1]);
      assertTrue(rows[i + 1].endsWith("," + e.getString("entry_hash")), rows[i + 1]);
    }

    // one changed byte of the stored chain: the last digit of the inbound entry's time
    Path chain =
        Deployment.sectorDataDir(Deployment.MAIN)
            .resolve("audit")
            .resolve(
                HEX.formatHex(
                        MessageDigest.getInstance("SHA-256")
                            .digest(account.label().getBytes(StandardCharsets.UTF_8)))
                    + ".chain");
    List<String> lines = Files.readAllLines(chain, StandardCharsets.US_ASCII);
    int changed = -1;
    long changedSeq = -1;
    for (int i = 0; i < lines.size() && changed < 0; i++) {
      String line = lines.get(i);
      if (line.startsWith("E ") && line.contains("\"event\":\"inbound\"")) {
        Matcher at = AT.matcher(line);
        assertTrue(at.find(), line);
        int digit = at.end(1) - 1;
        char next = (char) ('0' + (line.charAt(digit) - '0' + 1) % 10);
        lines.set(i, line.substring(0, digit) + next + line.substring(digit + 1));
        Matcher seq = Pattern.compile("\"seq\":(\\d+)").matcher(line);
        assertTrue(seq.find(), line);
        changedSeq = Long.parseLong(seq.group(1));
        changed = i;
      }
    }
    assertTrue(changed >= 0, "an inbound entry in " + chain);
    String before = Files.readString(chain, StandardCharsets.US_ASCII);
    String after = String.join("\n", lines) + "\n";
    assertEquals(before.length(), after.length(), "one byte changed, none added");
    assertNotEquals(before, after);
    Files.writeString(chain, after, StandardCharsets.US_ASCII);

    Run refused = paramant("alice", "audit", "--verify");

    assertEquals(AUDIT_FAILED, refused.exit(), refused::toString);
    assertEquals("", refused.out());
    assertEquals(1, refused.err().lines().count(), refused::toString);
    assertTrue(
        refused
            .err()
            .startsWith(
                "paramant audit: audit chain does not verify: chain broken at seq "
                    + changedSeq
                    + ": entry_hash "),
        refused::toString);
  }

  /**
   * The account's chain once its newest anchor names its head (the test deployment anchors every 5
   * s), and the head has not moved for a while (the receiver's delivery confirmation is sent in the
   * background).
   */
  private JsonObject awaitAnchoredHead() throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonObject page;
    long stableSince = 0;
    long lastHead = -1;
    do {
      page = json(api.get("/v2/audit", key));
      JsonArray anchors = page.getJsonArray("anchors");
      long head = page.getJsonNumber("head_seq").longValue();
      boolean anchored =
          !anchors.isEmpty()
              && anchors.getJsonObject(anchors.size() - 1).getJsonNumber("seq").longValue() == head;
      if (head != lastHead) {
        lastHead = head;
        stableSince = System.nanoTime();
      }
      if (anchored && System.nanoTime() - stableSince > 6_000_000_000L) {
        return page;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no anchored, settled head in 60 s: " + page);
  }

  /**
   * The pipe {@code bin/paramant} builds for {@code device} (ClientOptions: its state directory,
   * also its key directory, the account's key and its device id), for the registrations that set
   * the transfer up: DidRegisterCommand and KeysRegisterCommand are {@link GhostPipe#registerDid()}
   * and {@link GhostPipe#registerDevice()} on it, and a client JVM of its own for each took two to
   * three seconds. The commands under test here run as processes.
   */
  private GhostPipe pipe(String device) {
    return GhostPipe.builder()
        .relay(relay)
        .apiKey(key)
        .deviceId(id(device))
        .keyDirectory(temp.resolve(device))
        .stateDirectory(temp.resolve(device))
        .build();
  }

  private String id(String device) {
    return device + "-" + suffix;
  }

  /**
   * Runs {@code bin/paramant ARGS} as {@code device} (its own state directory, the account's key
   * and its device id in the environment) and waits for it.
   */
  private Run paramant(String device, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", temp.resolve(device).toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    env.put("PARAMANT_RELAY", relay.toString());
    env.put("PARAMANT_KEY", key);
    env.put("PARAMANT_DEVICE", id(device));
    try {
      Path out = Files.createTempFile(temp, "paramant-", ".out");
      Path err = Files.createTempFile(temp, "paramant-", ".err");
      Process process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }
}
