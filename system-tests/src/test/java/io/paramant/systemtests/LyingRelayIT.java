package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException;
import io.paramant.client.GhostPipe;
import io.paramant.client.Transfer;
import io.paramant.client.TransferException;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.BlobHeader;
import io.paramant.client.internal.envelope.ChunkMeta;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SealedBlob;
import io.paramant.client.internal.transfer.OutgoingFile;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as the adversary (issue 13): a {@link LyingRelay} in front of the real relay of sector
 * main tells one lie per test, made of genuine parts, and the test shows which check of an honest
 * client catches it — the sender refuses (exit 1, nothing uploaded), the receiver refuses (nothing
 * written), or the owner's monitor reports it within one scan (exit 7). docs/security.md has the
 * matrix of lie, check and test.
 *
 * <p>The people: alice sends, victor is the victim, both devices of team {@code T} (namespace
 * {@code team:T}, handed out by the admin and given to their clients with {@code
 * PARAMANT_NAMESPACE}); mallory is the adversary's account — a member of T (a device of the team
 * gone bad, or the relay's operator who can make one) and an account of its own outside it. Every
 * client talks to the lying relay only, as to its relay; the witness is sector iot, which cosigns
 * main's heads (the deployment's default), pinned by its URL ({@code --witness}).
 *
 * <p>One deployment for all of it (the test run's, {@link Deployment}); one lying relay per test.
 */
class LyingRelayIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIB = 1024 * 1024;

  private static String team;
  private static String namespace;
  private static String aliceKey;
  private static String victorKey;
  private static String malloryKey; // in team T
  private static String outsiderKey; // mallory's own account, namespace account:<label>

  private final URI main = Deployment.baseUri(Deployment.MAIN);
  private final URI witness = Deployment.baseUri(Deployment.IOT);
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  /** One run of the command line. */
  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void accounts() {
    team = "lies-" + UUID.randomUUID().toString().substring(0, 8);
    namespace = "team:" + team;
    aliceKey = Deployment.newAccount("pro", team).apiKey();
    victorKey = Deployment.newAccount("pro", team).apiKey();
    malloryKey = Deployment.newAccount("pro", team).apiKey();
    outsiderKey = Deployment.newAccount("pro").apiKey();
  }

  // ------------------------------------------------------------------------------------------------
  // the honest relay: every check below passes when nobody lies

  @Test
  void an_honest_relay_passes_every_check_of_a_client_with_a_pinned_namespace_and_witness()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      register(relay, "victor", victorKey);

      Run verified = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());
      Run sent = send(relay, "victor");

      assertEquals(0, verified.exit(), verified::toString);
      assertEquals(0, sent.exit(), sent::toString);
      assertTrue(relay.receivedAnUpload());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (a) a substituted key, correctly logged

  @Test
  void
      a_substitute_logged_in_the_adversarys_own_namespace_is_refused_by_the_sender_because_its_namespace_is_not_the_pinned_one()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      register(relay, "victor", victorKey);
      // mallory's own account registers victor's device id: a genuine leaf binding
      // (account:<mallory>, victor's id) to mallory's keys
      register(relay, "victor", outsiderKey, "mallory");
      relay.tell(Lies.substituteKeys(id("victor"), outsiderKey, id("victor")));

      Run sent = send(relay, "victor");

      assertRefusedAsVerificationFailure(sent);
      assertFalse(relay.receivedAnUpload(), "nothing was encrypted to the substitute");
    }
  }

  @Test
  void
      a_substitute_logged_under_another_device_id_is_refused_by_the_sender_because_the_binding_is_not_the_victims()
          throws IOException {
    try (LyingRelay honest = LyingRelay.inFrontOf(main);
        LyingRelay servesItsBinding = LyingRelay.inFrontOf(main);
        LyingRelay claimsTheVictims = LyingRelay.inFrontOf(main)) {
      register(honest, "alice", aliceKey);
      register(honest, "victor", victorKey);
      register(honest, "mallory", malloryKey); // a genuine leaf of team:T, for mallory's id
      servesItsBinding.tell(Lies.substituteKeys(id("victor"), malloryKey, id("mallory")));
      claimsTheVictims.tell(
          Lies.substituteKeysClaimingTheVictimsBinding(
              id("victor"), namespace, malloryKey, id("mallory")));

      Run servedBinding = send(servesItsBinding, "victor");
      Run claimedBinding = send(claimsTheVictims, "victor");

      assertRefusedAsVerificationFailure(servedBinding);
      assertRefusedAsVerificationFailure(claimedBinding);
      assertFalse(servesItsBinding.receivedAnUpload() || claimsTheVictims.receivedAnUpload());
    }
  }

  @Test
  void
      a_substitute_logged_in_another_sectors_log_is_refused_by_the_sender_because_it_is_not_the_home_log()
          throws IOException {
    URI iot = Deployment.baseUri(Deployment.IOT);
    try (LyingRelay relay = LyingRelay.inFrontOf(main);
        LyingRelay onIot = LyingRelay.inFrontOf(iot)) {
      register(relay, "alice", aliceKey);
      register(relay, "victor", victorKey);
      // a teammate registers victor's id in sector iot, where it is free: a genuine leaf of iot's
      // log binding (team:T, victor's id) to mallory's keys
      register(onIot, "victor", malloryKey, "mallory");
      relay.tell(
          (request, lying) ->
              request.path().equals("/v2/pubkey/" + id("victor"))
                  ? onIot.forward(request.redirected(request.path(), null, malloryKey))
                  : null);

      Run sent = send(relay, "victor");

      assertRefusedAsVerificationFailure(sent);
      assertFalse(relay.receivedAnUpload());
    }
  }

  @Test
  void a_key_squatted_under_the_victims_id_is_reported_by_the_owners_monitor_within_one_scan()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      // a teammate takes victor's id first: a genuine leaf with victor's binding and its own keys
      register(relay, "victor", malloryKey, "mallory");
      long squat = ctIndex(relay, "victor", malloryKey);
      // the relay hides the 409 from victor: its registration "succeeds" with the squatter's leaf
      relay.tell(Lies.acceptRefusedRegistration(id("victor"), squat));
      Run registered = paramant("victor", victorKey, relay.uri(), "keys", "register");

      Run monitored = monitor(relay, "victor");

      assertEquals(0, registered.exit(), registered::toString);
      assertEquals(7, monitored.exit(), monitored::toString);
      assertTrue(monitored.err().contains(Long.toString(squat)), monitored::toString);
    }
  }

  @Test
  void a_refused_first_registration_is_reported_by_the_owners_monitor() throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");

      Run registered = paramant("victor", victorKey, relay.uri(), "keys", "register");
      Run monitored = monitor(relay, "victor");

      assertEquals(7, registered.exit(), registered::toString);
      assertEquals(7, monitored.exit(), monitored::toString);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (b) the victim's leaf hidden from the owner's monitor

  @Test
  void
      a_substitute_leaf_left_out_of_the_leaves_served_to_the_owner_is_refused_by_the_monitor_as_a_gap()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");
      long squat = ctIndex(relay, "victor", malloryKey);
      relay.tell(Lies.acceptRefusedRegistration(id("victor"), squat)).tell(Lies.hideLeaf(squat));
      assertEquals(0, paramant("victor", victorKey, relay.uri(), "keys", "register").exit());

      Run monitored = monitor(relay, "victor");

      assertRefusedAsVerificationFailure(monitored);
    }
  }

  @Test
  void
      a_substitute_leaf_covered_by_another_leaf_is_refused_by_the_monitor_because_its_proof_does_not_verify()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");
      long squat = ctIndex(relay, "victor", malloryKey);
      relay.tell(Lies.acceptRefusedRegistration(id("victor"), squat)).tell(Lies.coverLeaf(squat));
      assertEquals(0, paramant("victor", victorKey, relay.uri(), "keys", "register").exit());

      Run monitored = monitor(relay, "victor");

      assertRefusedAsVerificationFailure(monitored);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (c) a spliced chunk

  @Test
  void a_chunk_spliced_into_a_signed_file_is_refused_by_the_receiver_and_nothing_is_written()
      throws IOException {
    Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      relay.tell(Lies.recordUploads(uploads));
      try (GhostPipe alice = pipe(relay, "alice", aliceKey);
          GhostPipe victor = pipe(relay, "victor", victorKey)) {
        alice.registerDevice();
        victor.registerDevice();
        byte[] content = randomBytes(OutgoingFile.CHUNK_DATA_SIZE + 1000);
        Transfer sent = alice.send(content, "report.pdf", id("victor"), Duration.ofMinutes(10));
        assertEquals(2, sent.chunkCount());
        // the relay reads the file id from chunk 0's clear header and seals its own chunk 1 of
        // that file to victor's public keys (which it serves): same file, index and count
        BlobHeader first =
            BlobHeader.parse(ByteBuffer.wrap(uploads.get(sent.chunkHashes().get(0))));
        ByteBuffer spliced = Blob.allocate();
        SealedBlob forged =
            new Envelope()
                .seal(
                    Recipient.device(victor.publicKeys()),
                    first.fileId(),
                    ChunkMeta.following(1, 2),
                    ByteBuffer.wrap(randomBytes(1000)),
                    spliced);
        byte[] forgedBlob = new byte[Blob.SIZE];
        spliced.flip().get(forgedBlob);
        relay.tell(Lies.serveBlob(forged.sha256(), forgedBlob));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));

        // the relay announces chunk 0 of alice's file, then its own chunk 1
        assertTrue(victor.receive(announced(sent.chunkHashes().get(0)), inbox).isEmpty());
        EnvelopeException refused =
            assertThrows(
                EnvelopeException.class, () -> victor.receive(announced(forged.sha256()), inbox));

        assertTrue(refused.getMessage().contains("sign"), refused::toString);
        assertFalse(Files.exists(inbox.resolve("report.pdf")), "nothing under its name");
        try (var listing = Files.list(inbox)) {
          assertEquals(
              List.of(), listing.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
        }
      }
    }
  }

  @Test
  void a_blob_served_for_another_chunks_hash_is_refused_by_the_receiver_because_its_hash_differs()
      throws IOException {
    Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      relay.tell(Lies.recordUploads(uploads));
      try (GhostPipe alice = pipe(relay, "alice", aliceKey);
          GhostPipe victor = pipe(relay, "victor", victorKey)) {
        alice.registerDevice();
        victor.registerDevice();
        Transfer one =
            alice.send(
                randomBytes(OutgoingFile.CHUNK_DATA_SIZE + 1000),
                "one.bin",
                id("victor"),
                Duration.ofMinutes(10));
        Transfer other =
            alice.send(
                randomBytes(OutgoingFile.CHUNK_DATA_SIZE + 1000),
                "other.bin",
                id("victor"),
                Duration.ofMinutes(10));
        // chunk 1 of the other file is served for chunk 1 of the first
        relay.tell(
            Lies.serveBlob(one.chunkHashes().get(1), uploads.get(other.chunkHashes().get(1))));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));

        TransferException refused =
            assertThrows(TransferException.class, () -> victor.receive(one.id(), inbox));

        assertEquals(TransferException.Reason.BLOB_ALTERED, refused.reason());
        assertFalse(Files.exists(inbox.resolve("one.bin")));
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (d) a forked log

  @Test
  void
      a_fork_shown_to_one_sender_is_refused_for_want_of_a_witness_quorum_and_fools_a_client_without_one()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      register(relay, "carol", aliceKey);
      register(relay, "victor", victorKey);
      DeviceKeys substitute = DeviceKeys.generate();
      try (ForkedLog fork = ForkedLog.of(Deployment.MAIN, temp.resolve("fork"))) {
        long leaf = fork.appendSubstitute(namespace, id("victor"), substitute.publicKeys());
        relay.tell(Lies.showFork(fork, id("victor"), leaf, substitute.publicKeys()));

        Run pinned = send(relay, "victor");
        boolean uploadedForPinned = relay.receivedAnUpload();
        // the same lie to a client that pinned no witness: every other check passes
        Run unpinned =
            paramant(
                "carol",
                aliceKey,
                relay.uri(),
                "send",
                smallFile().toString(),
                "--to",
                id("victor"));

        assertRefusedAsVerificationFailure(pinned);
        assertFalse(uploadedForPinned, "nothing was encrypted to the fork's substitute");
        assertEquals(0, unpinned.exit(), "the fork is a lie only witnesses see: " + unpinned);
        assertTrue(relay.receivedAnUpload());
      }
    }
  }

  @Test
  void a_substitute_appended_to_the_log_the_owner_sees_is_reported_by_its_monitor_within_one_scan()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", victorKey);
      DeviceKeys substitute = DeviceKeys.generate();
      try (ForkedLog fork = ForkedLog.of(Deployment.MAIN, temp.resolve("fork"))) {
        long leaf = fork.appendSubstitute(namespace, id("victor"), substitute.publicKeys());
        relay.tell(Lies.showFork(fork, id("victor"), leaf, substitute.publicKeys()));

        // no witness pinned: the one log the relay shows is the one with the substitute in it
        Run monitored = paramant("victor", victorKey, relay.uri(), "keys", "monitor");

        assertEquals(7, monitored.exit(), monitored::toString);
        assertTrue(monitored.err().contains(substitute.fingerprint()), monitored::toString);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (e) cosignatures stripped or forged

  @Test
  void a_head_stripped_of_its_cosignatures_is_refused_for_want_of_a_witness_quorum()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      register(relay, "victor", victorKey);
      relay.tell(Lies.stripCosignatures());

      Run verified = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());
      Run sent = send(relay, "victor");

      assertRefusedAsVerificationFailure(verified);
      assertRefusedAsVerificationFailure(sent);
      assertFalse(relay.receivedAnUpload());
    }
  }

  @Test
  void
      a_head_with_forged_cosignatures_is_refused_because_they_do_not_verify_with_the_pinned_witness_key()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      register(relay, "victor", victorKey);
      relay.tell(Lies.forgeCosignatures());

      Run verified = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());
      Run sent = send(relay, "victor");

      assertRefusedAsVerificationFailure(verified);
      assertRefusedAsVerificationFailure(sent);
      assertFalse(relay.receivedAnUpload());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (f) an old tree head replayed

  @Test
  void an_old_head_replayed_with_its_cosignatures_is_refused_by_a_client_that_saw_a_newer_one()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "alice", aliceKey);
      Run first = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());
      JsonObject old = relay.genuineAnswer("/v2/ct/sth");
      register(relay, "victor", victorKey); // the log grows by victor's leaf
      Run second = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());
      relay.tell(Lies.replayHead(old));

      Run replayed = paramant("alice", aliceKey, relay.uri(), "verify", "--witness", w());

      assertEquals(0, first.exit(), first::toString);
      assertEquals(0, second.exit(), second::toString);
      assertTrue(
          relay.genuineAnswer("/v2/ct/sth").getJsonNumber("tree_size").longValue()
              > old.getJsonNumber("tree_size").longValue(),
          "the replayed head is older than the one alice saw");
      assertRefusedAsVerificationFailure(replayed);
      assertTrue(replayed.err().contains("rewound"), replayed::toString);
    }
  }

  // ------------------------------------------------------------------------------------------------

  private static void assertRefusedAsVerificationFailure(Run run) {
    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.err().contains("verification failed"), run::toString);
    assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run);
  }

  private String w() {
    return witness.toString();
  }

  private String id(String device) {
    return device + "-" + suffix;
  }

  private static BlobAnnouncement announced(String hash) {
    return new BlobAnnouncement(hash, Blob.SIZE, Instant.now());
  }

  /** Registers device {@code name} with its own state directory, through {@code relay}. */
  private void register(LyingRelay relay, String name, String key) {
    register(relay, name, key, name);
  }

  /** Registers device id {@code name} from the state directory of {@code as}, with {@code key}. */
  private void register(LyingRelay relay, String name, String key, String as) {
    Run registered = paramantAs(as, name, key, relay.uri(), Map.of(), "keys", "register");
    assertEquals(0, registered.exit(), registered::toString);
    assertTrue(
        registered.out().startsWith("registered " + id(name) + " fingerprint "),
        registered::toString);
  }

  /** The {@code ct_index} of device {@code name} as the account of {@code key} sees it. */
  private long ctIndex(LyingRelay relay, String name, String key) {
    return relay.get("v2/pubkey/" + id(name), key).getJsonNumber("ct_index").longValue();
  }

  /** alice sends a small file to {@code to}, with the team's namespace and witness pinned. */
  private Run send(LyingRelay relay, String to) throws IOException {
    return paramant(
        "alice",
        aliceKey,
        relay.uri(),
        "send",
        smallFile().toString(),
        "--to",
        id(to),
        "--witness",
        w());
  }

  private Run monitor(LyingRelay relay, String device) {
    return paramant(device, deviceKey(device), relay.uri(), "keys", "monitor");
  }

  private static String deviceKey(String device) {
    return switch (device) {
      case "alice", "carol" -> aliceKey;
      case "victor" -> victorKey;
      default -> malloryKey;
    };
  }

  private Path smallFile() throws IOException {
    Path file =
        Files.createDirectories(temp.resolve("outbox"))
            .resolve("note-" + RANDOM.nextInt(1 << 20) + ".txt");
    Files.write(file, randomBytes(1000));
    return file;
  }

  private GhostPipe pipe(LyingRelay relay, String device, String key) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(key)
        .deviceId(id(device))
        .keyDirectory(temp.resolve(device))
        .stateDirectory(temp.resolve(device).resolve("state"))
        .acknowledgeDeliveries(false)
        .build();
  }

  /** Runs {@code bin/paramant ARGS} as device {@code device} (its own state directory). */
  private Run paramant(String device, String key, URI relay, String... args) {
    return paramantAs(device, device, key, relay, Map.of(), args);
  }

  /**
   * Runs {@code bin/paramant ARGS} from the state directory of {@code stateOf} as device id {@code
   * id(device)}, with the team's namespace configured ({@code PARAMANT_NAMESPACE}).
   */
  private Run paramantAs(
      String stateOf,
      String device,
      String key,
      URI relay,
      Map<String, String> env,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", temp.resolve(stateOf).toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    environment.put("PARAMANT_RELAY", relay.toString());
    environment.put("PARAMANT_KEY", key);
    environment.put("PARAMANT_DEVICE", id(device));
    environment.put("PARAMANT_NAMESPACE", key.equals(outsiderKey) ? "" : namespace);
    environment.putAll(new LinkedHashMap<>(env));
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

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
