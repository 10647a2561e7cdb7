package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.PublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * {@code paramant did register|show|resolve} and {@code --auth did} as people and scripts run them:
 * {@code bin/paramant} as a process of its own per command, against the real relay, exactly as
 * {@link CliTransferIT} runs it (each device its own state directory, the API key, relay and device
 * id from the environment). What the relay itself enforces, with raw HTTP, is {@link DidIT}'s.
 */
class CliDidIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIB = 1024 * 1024;
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern REGISTERED =
      Pattern.compile("registered (did:paramant:[a-z2-7]{32}) device (\\S+) ct_index (\\d+)\n");

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final TestAccount account = Deployment.newAccount("pro");
  private final String key = account.apiKey();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void did_show_prints_the_did_of_the_key_file_and_did_register_binds_it_once() {
    succeeds(paramant("alice", "keys", "init"));

    Run shown = succeeds(paramant("alice", "did", "show"));
    String did = shown.out().strip();
    Run registered = succeeds(paramant("alice", "did", "register"));
    Run again = succeeds(paramant("alice", "did", "register"));

    assertEquals(didOfKeyFile("alice") + "\n", shown.out(), "one line, the DID of the key file");
    assertTrue(did.matches("did:paramant:[a-z2-7]{32}"), did);
    Matcher line = registered(registered);
    assertEquals(did, line.group(1), "did register binds the DID did show prints");
    assertEquals(id("alice"), line.group(2));
    assertEquals(registered.out(), again.out(), "the same DID, device and ct_index again");
    assertEquals(shown.out(), succeeds(paramant("alice", "did", "show")).out());
  }

  @Test
  void did_resolve_prints_the_verified_document_and_refuses_unknown_and_malformed_dids() {
    Matcher registration = registered(succeeds(paramant("alice", "did", "register")));
    String did = registration.group(1);
    PublicKeys keys = publicKeys("alice");

    // anyone resolves a DID: no API key, no device, a state directory of its own
    Run resolved = succeeds(paramant(null, "did", "resolve", did));
    String unknownDid = DidIT.Device.generate().did(); // of the valid form, registered nowhere
    Run unknown = paramant(null, "did", "resolve", unknownDid);
    Run malformed = paramant(null, "did", "resolve", "did:paramant:short");
    Run uppercase = paramant(null, "did", "resolve", did.toUpperCase(java.util.Locale.ROOT));

    List<String> lines = resolved.out().lines().toList();
    assertEquals(7, lines.size(), resolved::toString);
    assertEquals("did " + did, lines.get(0));
    assertEquals(
        "sig " + did + "#sig ML-DSA-65 sha3-256 " + sha3(keys.mlDsa().orElseThrow()), lines.get(1));
    assertEquals("kex " + did + "#kex P-256 sha3-256 " + sha3(keys.ecdh()), lines.get(2));
    assertEquals("sector " + Deployment.MAIN, lines.get(3));
    assertEquals("ct_index " + registration.group(3), lines.get(4));
    assertTrue(
        lines.get(5).matches("logged_at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
        lines.get(5));
    assertTrue(lines.get(6).matches("tree_size \\d+ log_key_id [0-9a-f]+"), lines.get(6));
    long treeSize = Long.parseLong(lines.get(6).split(" ")[1]);
    assertTrue(
        treeSize > Long.parseLong(registration.group(3)), "the head covers the leaf: " + treeSize);
    assertEquals("", resolved.err(), resolved::toString);

    assertEquals(6, unknown.exit(), unknown::toString);
    assertEquals("", unknown.out());
    assertEquals(
        "paramant did resolve: no such device registered for this account: no DID "
            + unknownDid
            + " on "
            + relay
            + "\n",
        unknown.err());
    for (Run refused : List.of(malformed, uppercase)) {
      assertEquals(2, refused.exit(), refused::toString);
      assertEquals("", refused.out());
      assertEquals(
          "paramant did resolve: Invalid value for positional parameter at index 0 (DID): a DID is"
              + " did:paramant: and 32 characters of lowercase base32 ([a-z2-7]) (see 'paramant did"
              + " resolve --help')\n",
          refused.err());
    }
  }

  @Test
  void a_file_moves_by_did_from_sender_to_receiver_byte_identical() throws IOException {
    registerDid("alice");
    registerDid("bob");
    Path file = randomFile("scan.tiff", 7L * MIB);

    Run sent =
        succeeds(paramant("alice", "send", file.toString(), "--to", id("bob"), "--auth", "did"));
    String transferId = sent.out().strip();
    Run received =
        succeeds(paramant("bob", "receive", "--hash", transferId, "-o", inbox(), "--auth", "did"));

    assertEquals(2, transferId.split(",").length, sent::toString);
    assertEquals(inbox() + "/scan.tiff\n", received.out());
    assertEquals(sha256(file), sha256(Path.of(inbox(), "scan.tiff")));
    assertFalse(received.err().contains("\r"), "no progress: stderr is a file " + received);
    assertFalse(sent.err().contains(key) || received.err().contains(key), "the key is never shown");
  }

  @Test
  void a_device_whose_did_is_not_registered_is_refused_did_unknown() throws IOException {
    registerDid("bob");
    // carol's keys are registered (a sender signs), her DID is not
    try (GhostPipe carol = pipe("carol")) {
      carol.registerDevice(); // paramant keys register
    }
    Path file = randomFile("note.txt", 20_000);

    Run byDid = paramant("carol", "send", file.toString(), "--to", id("bob"), "--auth", "did");
    Run byKey = paramant("carol", "send", file.toString(), "--to", id("bob"));

    assertEquals(3, byDid.exit(), byDid::toString);
    assertEquals("", byDid.out());
    assertEquals(
        "paramant send: POST /v2/inbound on "
            + relay
            + ": HTTP 401 did_unknown: The DID in X-DID is not registered in this sector.\n",
        byDid.err(),
        "the upload carried carol's DID, not the API key");
    assertEquals(0, byKey.exit(), "the same send with the API key works: " + byKey);
  }

  @Test
  void a_key_file_copied_to_a_second_device_id_cannot_bind_its_did_again() throws IOException {
    Matcher first = registered(succeeds(paramant("alice", "did", "register")));
    String did = first.group(1);
    // dave: another device id and state directory, with alice's key file
    Path dave = Files.createDirectories(temp.resolve("dave"));
    Files.setPosixFilePermissions(dave, PosixFilePermissions.fromString("rwx------"));
    Files.copy(
        temp.resolve("alice").resolve(DeviceKeys.FILE_NAME), dave.resolve(DeviceKeys.FILE_NAME));
    Files.setPosixFilePermissions(
        dave.resolve(DeviceKeys.FILE_NAME), PosixFilePermissions.fromString("rw-------"));

    Run shown = succeeds(paramant("dave", "did", "show"));
    Run rebind = paramant("dave", "did", "register");
    Run resolved = succeeds(paramant(null, "did", "resolve", did));

    assertEquals(did + "\n", shown.out(), "the same keys, the same DID");
    assertEquals(3, rebind.exit(), rebind::toString);
    assertEquals("", rebind.out());
    assertEquals(
        List.of(
            // dave's state directory is new: the namespace is pinned on this first use
            "paramant did register: pinned namespace account:"
                + account.label()
                + " for "
                + relay
                + " (first use): compare it with the namespace your administrator gave you; a"
                + " later change is refused",
            "paramant did register: POST /v2/did/register on "
                + relay
                + ": HTTP 409 did_conflict: "
                + did
                + " is already bound to another device, or to device "
                + id("dave")
                + " of another namespace; a DID is never bound again"),
        rebind.err().lines().toList(),
        rebind::toString);
    assertTrue(
        resolved.out().contains("\nct_index " + first.group(3) + "\n"),
        "the DID still resolves to alice's leaf: " + resolved);
  }

  // ------------------------------------------------------------------------------------------------

  /**
   * {@code paramant did register} as {@code device}, in this JVM: DidRegisterCommand is {@link
   * GhostPipe#registerDid()} on {@link #pipe}. For the tests where the registration only sets a
   * transfer up (a client JVM of its own took two to three seconds); the tests of {@code did
   * register} itself run the command line.
   */
  private void registerDid(String device) {
    try (GhostPipe pipe = pipe(device)) {
      assertEquals(id(device), pipe.registerDid().deviceId());
    }
  }

  /**
   * The pipe {@code bin/paramant} builds for {@code device} (ClientOptions): its state directory,
   * also its key directory, the account's key and its device id.
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

  private Matcher registered(Run run) {
    Matcher line = REGISTERED.matcher(run.out());
    assertTrue(line.matches(), run::toString);
    return line;
  }

  /** The DID recomputed here from the public keys in {@code device}'s key file. */
  private String didOfKeyFile(String device) {
    PublicKeys keys = publicKeys(device);
    return DidIT.Device.didOf(keys.mlDsa().orElseThrow(), keys.ecdh());
  }

  private PublicKeys publicKeys(String device) {
    DeviceKeys keys = DeviceKeys.load(temp.resolve(device));
    try {
      return keys.publicKeys();
    } finally {
      keys.destroy();
    }
  }

  private static String sha3(byte[] key) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA3-256").digest(key));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String id(String device) {
    return device + "-" + suffix;
  }

  private String inbox() {
    try {
      return Files.createDirectories(temp.resolve("inbox")).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code bin/paramant ARGS} as {@code device} (its own state directory, the account's key
   * and its device id in the environment), or with neither key nor device when {@code device} is
   * null, and waits for it.
   */
  private Run paramant(String device, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(
        List.of("--state-dir", temp.resolve(device != null ? device : "anonymous").toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    env.put("PARAMANT_RELAY", relay.toString());
    if (device != null) {
      env.put("PARAMANT_KEY", key);
      env.put("PARAMANT_DEVICE", id(device));
    }
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
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
