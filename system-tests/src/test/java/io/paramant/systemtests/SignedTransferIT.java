package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.GhostPipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed transfers (PROTOCOL.md, "Sender signature") with {@code bin/paramant} as processes against
 * the real relay: {@code send} signs with the sending device's ML-DSA-65 key, {@code receive}
 * resolves the signer from its namespace's directory ({@code GET /v2/pubkey}) through the log and
 * prints who sent the file; an unsigned file is refused with exit 8 unless received with {@code
 * --allow-unsigned}; a copy of a signed file that comes back is refused as a replay.
 */
class SignedTransferIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final TestAccount account = Deployment.newAccount("pro");
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void a_signed_file_arrives_and_the_receiver_prints_its_verified_sender() throws IOException {
    registerWithTheCommandLine("alice", "bob");
    Path file = randomFile("signed.bin", 300_000);

    String id = succeeds(paramant("alice", "send", file.toString(), "--to", id("bob"))).out();
    Run received =
        succeeds(paramant("bob", "receive", "--hash", id.strip(), "-o", inbox().toString()));

    assertEquals(inbox().resolve("signed.bin") + "\n", received.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(inbox().resolve("signed.bin")));
    assertEquals(
        "from account:" + account.label() + "/" + id("alice") + " (signed, verified in log main)",
        lastLine(received.err()),
        received::toString);
  }

  @Test
  void an_unsigned_file_is_exit_8_without_a_trace_and_received_with_allow_unsigned()
      throws IOException {
    register("alice", "bob");
    Path file = randomFile("unsigned.bin", 300_000);
    String id =
        succeeds(paramant("alice", "send", file.toString(), "--to", id("bob"), "--unsigned"))
            .out()
            .strip();

    Run refused = paramant("bob", "receive", "--hash", id, "-o", inbox().toString());
    List<Path> left = list(inbox());
    Run allowed =
        succeeds(
            paramant("bob", "receive", "--hash", id, "-o", inbox().toString(), "--allow-unsigned"));

    assertEquals(8, refused.exit(), refused::toString);
    assertTrue(
        refused
            .err()
            .startsWith(
                "paramant receive: sender signature refused: the transfer is not signed by its"
                    + " sender"),
        refused::toString);
    assertEquals(1, refused.err().lines().count(), "one line, no stack trace: " + refused);
    assertEquals(List.of(), left, "nothing written, not even a part file");
    assertArrayEquals(
        Files.readAllBytes(file), Files.readAllBytes(inbox().resolve("unsigned.bin")));
    assertEquals(
        "from an unknown sender (unsigned, accepted with --allow-unsigned)",
        lastLine(allowed.err()),
        allowed::toString);
  }

  @Test
  void a_signed_file_stored_again_after_its_receive_is_refused_as_a_replay() throws IOException {
    register("alice", "bob");
    Path file = randomFile("once.bin", 1000);
    String hash =
        succeeds(paramant("alice", "send", file.toString(), "--to", id("bob"))).out().strip();
    // what a relay that keeps a copy can do: take the blob and serve it again after the receive
    RelayApi api = new RelayApi(relay);
    HttpResponse<byte[]> kept = api.outbound(account.apiKey(), hash);
    assertEquals(200, kept.statusCode(), () -> RelayApi.text(kept));
    api.store(account.apiKey(), kept.body());
    succeeds(paramant("bob", "receive", "--hash", hash, "-o", inbox().toString()));
    api.store(account.apiKey(), kept.body());
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

    Run replayed = paramant("bob", "receive", "--hash", hash, "-o", elsewhere.toString());

    assertEquals(8, replayed.exit(), replayed::toString);
    assertTrue(
        replayed
            .err()
            .startsWith(
                "paramant receive: sender signature refused: this file was already received from"
                    + " this signer"),
        replayed::toString);
    assertEquals(List.of(), list(elsewhere));
  }

  // ------------------------------------------------------------------------------------------------

  private String id(String device) {
    return device + "-" + suffix;
  }

  /** {@code paramant keys register} as each of {@code devices}. */
  private void registerWithTheCommandLine(String... devices) {
    for (String device : devices) {
      succeeds(paramant(device, "keys", "register"));
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
              .apiKey(account.apiKey())
              .deviceId(id(device))
              .keyDirectory(temp.resolve(device))
              .stateDirectory(temp.resolve(device))
              .build()) {
        assertEquals(id(device), pipe.registerDevice().deviceId());
      }
    }
  }

  private Path inbox() {
    try {
      return Files.createDirectories(temp.resolve("inbox"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  private static String lastLine(String text) {
    return text.lines().reduce((first, second) -> second).orElse("");
  }

  /** Runs {@code bin/paramant ARGS} as {@code device} (its own state directory) and waits. */
  private Run paramant(String device, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", temp.resolve(device).toString()));
    try {
      Path out = Files.createTempFile(temp, "paramant-", ".out");
      Path err = Files.createTempFile(temp, "paramant-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
      env.put("PARAMANT_RELAY", relay.toString());
      env.put("PARAMANT_KEY", account.apiKey());
      env.put("PARAMANT_DEVICE", id(device));
      Process process = builder.start();
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

  private Path randomFile(String name, int size) throws IOException {
    byte[] content = new byte[size];
    RANDOM.nextBytes(content);
    return Files.write(Files.createDirectories(temp.resolve("outbox")).resolve(name), content);
  }
}
