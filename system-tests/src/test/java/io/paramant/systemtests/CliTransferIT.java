package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.GhostPipe;
import jakarta.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code paramant} command line as people and scripts run it: {@code bin/paramant} as a process
 * of its own per command, against the real relay. Two devices of one account, each with its own
 * state directory (keys, pinned log head, resumable receives); the API key, the relay and the
 * device id come from the environment ({@code PARAMANT_KEY}, {@code PARAMANT_RELAY}, {@code
 * PARAMANT_DEVICE}), never from the command line.
 */
class CliTransferIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIB = 1024 * 1024;

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final String key = Deployment.newAccount("pro").apiKey();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void two_devices_exchange_a_twelve_megabyte_file_byte_identical() throws IOException {
    registerWithTheCommandLine("alice", "bob");
    Path file = randomFile("scan.tiff", 12L * MIB);

    Run sent = succeeds(paramant("alice", relay, null, "send", file.toString(), "--to", id("bob")));
    String transferId = sent.out().strip();
    Run received =
        succeeds(paramant("bob", relay, null, "receive", "--hash", transferId, "-o", inbox()));

    assertEquals(3, transferId.split(",").length, sent::toString);
    assertEquals(inbox() + "/scan.tiff", received.out().strip());
    assertEquals(sha256(file), sha256(Path.of(inbox(), "scan.tiff")));
    // standard error is a file here: no progress, only who sent it
    assertEquals(1, received.err().lines().count(), received::toString);
    assertTrue(received.err().startsWith("from "), received::toString);
    assertFalse(sent.err().contains("\r") || received.err().contains("\r"), received::toString);
    assertFalse(sent.err().contains(key) || received.err().contains(key), "the key is never shown");
  }

  @Test
  void a_drop_is_picked_up_by_its_twelve_words_once() throws IOException {
    Path file = randomFile("note.txt", 20_000);

    Run dropped = succeeds(paramant("alice", relay, null, "drop", file.toString()));
    String words = dropped.out().strip();
    Run picked = pickup(words);
    Run again = pickup(words);

    assertEquals(12, words.split(" ").length, dropped::toString);
    assertEquals(0, picked.exit(), picked::toString);
    assertEquals(sha256(file), sha256(Path.of(picked.out().strip())));
    assertEquals(6, again.exit(), again::toString);
    assertTrue(again.err().startsWith("paramant pickup: not on the relay"), again::toString);
  }

  @Test
  void a_receive_killed_after_the_first_chunk_resumes_with_identical_bytes() throws Exception {
    register("alice", "bob"); // the sender signs: it is a registered device;
    Path file = randomFile("big.bin", 12L * MIB);
    String transferId =
        succeeds(paramant("alice", relay, null, "send", file.toString(), "--to", id("bob")))
            .out()
            .strip();
    List<String> hashes = List.of(transferId.split(","));

    try (RelayProxy proxy = RelayProxy.inFrontOf(relay)) {
      proxy.hold("/v2/outbound/" + hashes.get(1));
      Process receiving = start("bob", proxy.uri(), "receive", "--hash", transferId, "-o", inbox());
      assertTrue(proxy.awaitHeld(Duration.ofMinutes(1)), "the receive asks for chunk 1");
      receiving.destroyForcibly(); // as kill -9 (or a power cut) would
      receiving.waitFor(30, TimeUnit.SECONDS);
      assertFalse(Files.exists(Path.of(inbox(), "big.bin")), "no file under its name yet");

      Run resumed =
          succeeds(
              paramant("bob", proxy.uri(), null, "receive", "--hash", transferId, "-o", inbox()));

      assertEquals(sha256(file), sha256(Path.of(resumed.out().strip())));
      assertEquals(
          1,
          proxy.requests().stream()
              .filter(r -> r.equals("GET /v2/outbound/" + hashes.get(0)))
              .count(),
          "chunk 0 was kept on disk, not asked for again");
    }
  }

  @Test
  void substituted_keys_are_an_alarm_and_an_unknown_device_is_not_found() throws IOException {
    register("bob");
    Path file = randomFile("a.txt", 100);
    try (RelayProxy proxy = RelayProxy.inFrontOf(relay)) {
      proxy.edit(
          "/v2/pubkey/",
          json -> Json.createObjectBuilder(json).add("fingerprint", "00".repeat(32)).build());

      Run tampered =
          paramant("alice", proxy.uri(), null, "send", file.toString(), "--to", id("bob"));
      Run unknown = paramant("alice", relay, null, "send", file.toString(), "--to", id("nobody"));

      assertEquals(1, tampered.exit(), tampered::toString);
      assertTrue(
          tampered.err().startsWith("paramant send: verification failed: "), tampered::toString);
      assertEquals(1, tampered.err().lines().count(), "one line, no stack trace");
      assertTrue(proxy.requests().stream().noneMatch(r -> r.startsWith("POST /v2/inbound")));
      assertEquals(6, unknown.exit(), unknown::toString);
    }
  }

  @Test
  void watch_sends_each_new_file_once_across_restarts() throws IOException {
    register("alice", "bob");
    Path outbox = Files.createDirectories(temp.resolve("outbox"));
    randomFile("first.csv", 1000);
    String watched = outbox.toString();

    Run first =
        succeeds(paramant("alice", relay, null, "watch", watched, "--to", id("bob"), "--once"));
    Run restarted =
        succeeds(paramant("alice", relay, null, "watch", watched, "--to", id("bob"), "--once"));
    randomFile("second.csv", 1000);
    Run third =
        succeeds(paramant("alice", relay, null, "watch", watched, "--to", id("bob"), "--once"));

    assertTrue(first.out().strip().endsWith(" first.csv"), first::toString);
    assertEquals("", restarted.out(), "nothing is sent twice");
    assertTrue(third.out().strip().endsWith(" second.csv"), third::toString);
    for (Run run : List.of(first, third)) {
      String transferId = run.out().strip().split(" ")[0];
      succeeds(paramant("bob", relay, null, "receive", "--hash", transferId, "-o", inbox()));
    }
    assertEquals(sha256(outbox.resolve("second.csv")), sha256(Path.of(inbox(), "second.csv")));
  }

  // ------------------------------------------------------------------------------------------------

  @Test
  void stream_receives_each_announced_file_into_a_directory() throws Exception {
    register("alice", "bob");
    Process stream = start("bob", relay, "stream", "--to-dir", inbox());
    try {
      awaitLine(temp.resolve("err"), "paramant stream: listening");
      Path file = randomFile("telemetry.bin", 7L * MIB);

      succeeds(paramant("alice", relay, null, "send", file.toString(), "--to", id("bob")));

      awaitLine(temp.resolve("out"), "received " + inbox() + "/telemetry.bin");
      assertEquals(sha256(file), sha256(Path.of(inbox(), "telemetry.bin")));
      assertTrue(Files.readString(temp.resolve("out")).startsWith("blob_ready "));
    } finally {
      stream.destroy();
      stream.waitFor();
    }
  }

  /** Waits (at most 60 s) until a file written by a running process has the line. */
  private static void awaitLine(Path file, String line) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.exists(file) || !Files.readAllLines(file).contains(line)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "no line '"
                + line
                + "' in "
                + file
                + ": "
                + (Files.exists(file) ? Files.readString(file) : ""));
      }
      Thread.sleep(200);
    }
  }

  private String id(String device) {
    return device + "-" + suffix;
  }

  /** {@code paramant keys register} as each of {@code devices}. */
  private void registerWithTheCommandLine(String... devices) {
    for (String device : devices) {
      Run registered = succeeds(paramant(device, relay, null, "keys", "register"));
      assertTrue(registered.out().startsWith("registered " + id(device) + " fingerprint "));
    }
  }

  /**
   * Registers each of {@code devices} as {@code paramant keys register} does (KeysRegisterCommand:
   * {@link GhostPipe#registerDevice()} with the state directory as key directory, the account's key
   * and the device id), in this JVM: where the registration only sets a transfer up, a client JVM
   * of its own for it took two to three seconds. The first test registers with the command line
   * ({@link #registerWithTheCommandLine}).
   */
  private void register(String... devices) {
    for (String device : devices) {
      try (GhostPipe pipe =
          GhostPipe.builder()
              .relay(relay)
              .apiKey(key)
              .deviceId(id(device))
              .keyDirectory(temp.resolve(device))
              .stateDirectory(temp.resolve(device))
              .build()) {
        assertEquals(id(device), pipe.registerDevice().deviceId());
      }
    }
  }

  private Run pickup(String words) {
    // no key, no device: whoever has the words picks the drop up; the words come on stdin
    return paramant(null, relay, words + "\n", "pickup", "-o", inbox());
  }

  private String inbox() {
    try {
      return Files.createDirectories(temp.resolve("inbox")).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code bin/paramant ARGS} as {@code device} (its own state directory). */
  private Process start(String device, URI relayUri, String... args) throws IOException {
    return builder(device, relayUri, args)
        .redirectOutput(temp.resolve("out").toFile())
        .redirectError(temp.resolve("err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private ProcessBuilder builder(String device, URI relayUri, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    if (device != null) {
      command.addAll(List.of("--state-dir", temp.resolve(device).toString()));
    } else {
      command.addAll(List.of("--state-dir", temp.resolve("anonymous").toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    env.put("PARAMANT_RELAY", relayUri.toString());
    if (device != null) {
      env.put("PARAMANT_KEY", key);
      env.put("PARAMANT_DEVICE", id(device));
    }
    return builder;
  }

  /** Runs {@code bin/paramant ARGS} as {@code device} and waits for it. */
  private Run paramant(String device, URI relayUri, String stdin, String... args) {
    try {
      Path out = Files.createTempFile(temp, "paramant-", ".out");
      Path err = Files.createTempFile(temp, "paramant-", ".err");
      Path in = Files.createTempFile(temp, "paramant-", ".in");
      Files.writeString(in, stdin == null ? "" : stdin);
      Process process =
          builder(device, relayUri, args)
              .redirectInput(in.toFile())
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

  private Path randomFile(String name, long size) throws IOException {
    Path file = Files.createDirectories(temp.resolve("outbox")).resolve(name);
    byte[] buffer = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += buffer.length) {
        RANDOM.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
      }
    }
    return file;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
