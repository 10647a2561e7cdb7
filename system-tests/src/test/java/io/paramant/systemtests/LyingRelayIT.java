package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.LogVerificationException.Reason;
import io.paramant.client.ReceivedFile;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.Transfer;
import io.paramant.client.TransferException;
import io.paramant.client.UnsignedTransfers;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.BlobHeader;
import io.paramant.client.internal.envelope.ChunkMeta;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SealedBlob;
import io.paramant.client.internal.envelope.Signing;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * written), or the owner's monitor reports it within one scan (exit 7). Every refusal is asserted
 * by its exit code and the start of its one line, which names the check (the SDK's reason). The
 * matrix of lie, check and test is in docs/security.md.
 *
 * <p>The people: alice sends, victor is the victim, both devices of team {@code T} (namespace
 * {@code team:T}, handed out by the admin and given to their clients with {@code
 * PARAMANT_NAMESPACE}); mallory is the adversary — a device of the team gone bad (or the relay's
 * operator, who can make one) and an account of its own outside it. Every client talks to a lying
 * relay only, as to its relay; the witness is the deployment's other sector (iot), which cosigns
 * main's heads, pinned by its URL ({@code --witness}). A client that reaches the log through
 * another URL than the log's public one is configured with the log's origin ({@code --log-origin}),
 * as docs/cli.md says for a relay behind a proxy.
 *
 * <p>One deployment for all of it (the test run's, {@link Deployment}); lying relays per test.
 */
class LyingRelayIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SEND = "paramant send";
  private static final String VERIFY = "paramant verify";
  private static final String REGISTER = "paramant keys register";
  private static final String MONITOR = "paramant keys monitor";
  private static final int VERIFICATION_FAILED = 1;
  private static final int RELAY_ERROR = 3;
  private static final int KEY_SUBSTITUTION = 7;

  private static String team;
  private static String namespace;
  private static String aliceKey;
  private static String victorKey;
  private static String malloryKey; // in team T
  private static String outsiderKey; // mallory's own account, namespace account:<label>
  private static String outsiderNamespace;
  private static String witnessKeyId; // iot's, given explicitly (no first-use pin to report)

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
    TestAccount outsider = Deployment.newAccount("pro");
    outsiderKey = outsider.apiKey();
    outsiderNamespace = "account:" + outsider.label();
    try (LyingRelay iot = LyingRelay.inFrontOf(Deployment.baseUri(Deployment.IOT))) {
      witnessKeyId = iot.get("v2/witness", null).getString("witness_key_id");
    }
  }

  // ------------------------------------------------------------------------------------------------
  // the honest relay: every check below passes when nobody lies

  @Test
  void an_honest_relay_passes_every_check_of_a_client_with_a_pinned_namespace_and_witness()
      throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      registerWithTheCommandLine(relay, "alice", aliceKey);
      registerWithTheCommandLine(relay, "victor", victorKey);

      Run verified = paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed());
      Run sent = send(relay, "victor");
      Run monitored = monitor(relay, "victor");

      assertEquals(0, verified.exit(), verified::toString);
      assertTrue(
          verified
              .out()
              .lines()
              .anyMatch(
                  line ->
                      line.startsWith("cosigned: witness_key_id=" + witnessKeyId + " url=")
                          && line.contains(witnessUrl())
                          && line.endsWith(" verified")),
          verified::toString);
      assertTrue(
          verified
              .out()
              .contains("quorum: 1 fresh cosignature(s) of distinct pinned witnesses, 1 required"),
          verified::toString);
      assertEquals(0, sent.exit(), sent::toString);
      assertTrue(relay.receivedAnUpload());
      assertEquals(0, monitored.exit(), monitored::toString);
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

      assertRefused(
          sent,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.NAMESPACE_CHANGED)
              + "the relay serves device "
              + id("victor")
              + " in namespace "
              + outsiderNamespace
              + ", this client's namespace is "
              + namespace);
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

      // the binding served is mallory's: not binding(team:T, victor)
      assertRefused(
          servedBinding,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.WRONG_BINDING)
              + "the relay serves device "
              + id("victor")
              + " with binding ");
      // victor's binding claimed: the leaf rebuilt with it is not the leaf the proof is for
      assertRefused(
          claimedBinding,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.NOT_INCLUDED)
              + "the registration of device "
              + id("victor")
              + " (fingerprint ");
      assertFalse(servesItsBinding.receivedAnUpload() || claimsTheVictims.receivedAnUpload());
    }
  }

  @Test
  void
      a_substitute_logged_in_another_sectors_log_is_refused_by_the_sender_because_it_is_not_the_home_log()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main);
        LyingRelay onIot = LyingRelay.inFrontOf(witness)) {
      register(relay, "alice", aliceKey); // pins main's log as team:T's home log
      register(relay, "victor", victorKey);
      // a teammate registers victor's id in sector iot, where it is free: a genuine leaf of iot's
      // log binding (team:T, victor's id) to mallory's keys, proven under iot's signed head
      register(onIot, "victor", malloryKey, "mallory");

      // alice's relay URL now leads to sector iot (a relay that moved her, or DNS): its log is new
      // to this URL, so its key is pinned for it on first use, and every other check passes
      Run sent =
          paramant(
              "alice", aliceKey, onIot.uri(), SEND, smallFile().toString(), "--to", id("victor"));

      assertRefused(
          sent,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.NOT_HOME_LOG)
              + "the key comes from the log with key id ");
      assertTrue(sent.err().contains("but the home log of " + namespace), sent::toString);
      assertFalse(onIot.receivedAnUpload());
    }
  }

  @Test
  void
      a_key_squatted_under_the_victims_id_with_the_refusal_hidden_is_refused_by_the_registrations_check_and_reported_by_the_owners_monitor()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      // a teammate takes victor's id first: a genuine leaf with victor's binding and its own keys
      register(relay, "victor", malloryKey, "mallory");
      JsonObject squat = relay.get("v2/pubkey/" + id("victor"), malloryKey);
      long squatIndex = squat.getJsonNumber("ct_index").longValue();
      // the relay hides the 409 from victor: its registration "succeeds" with the squatter's leaf
      relay.tell(Lies.acceptRefusedRegistration(id("victor"), squatIndex));

      Run registered = paramant("victor", victorKey, relay.uri(), REGISTER);
      Run monitored = monitor(relay, "victor");

      // the registration is read back as a sender reads it: the log serves the squatter's keys
      assertRefused(
          registered,
          VERIFICATION_FAILED,
          verificationFailed(REGISTER, Reason.KEY_MISMATCH)
              + "the relay serves fingerprint "
              + squat.getString("fingerprint")
              + " for device "
              + id("victor"));
      assertSubstitutionReported(monitored, squatIndex, squat.getString("fingerprint"));
    }
  }

  @Test
  void a_refused_first_registration_is_reported_by_the_owners_monitor() throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");
      JsonObject squat = relay.get("v2/pubkey/" + id("victor"), malloryKey);
      long squatIndex = squat.getJsonNumber("ct_index").longValue();

      Run registered = paramant("victor", victorKey, relay.uri(), REGISTER);
      Run monitored = monitor(relay, "victor");

      assertRefused(registered, KEY_SUBSTITUTION, REGISTER + ": key substitution: ");
      assertTrue(
          registered
              .err()
              .contains("the relay refused this device's registration (409 device_key_conflict)"),
          registered::toString);
      assertSubstitutionReported(monitored, squatIndex, squat.getString("fingerprint"));
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (b) the victim's leaf hidden from the owner's monitor

  @Test
  void
      a_substitute_leaf_left_out_of_the_leaves_served_to_the_owner_is_refused_by_the_monitor_as_a_page_with_a_gap()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");
      long squat = ctIndex(relay, "victor", malloryKey);
      assertEquals(KEY_SUBSTITUTION, paramant("victor", victorKey, relay.uri(), REGISTER).exit());
      relay.tell(Lies.hideLeaf(squat));

      Run monitored = monitor(relay, "victor");

      // a page without the index is no answer (like a relay that withholds its leaves, exit 3),
      // never a clean scan
      assertRefused(
          monitored,
          RELAY_ERROR,
          verificationFailed(MONITOR, Reason.MALFORMED_RESPONSE) + "GET /v2/ct/leaves?from=");
      assertTrue(monitored.err().contains(": leaves holds "), monitored::toString);
    }
  }

  @Test
  void
      a_substitute_leaf_covered_by_another_leaf_is_refused_by_the_monitor_because_the_leaves_do_not_rebuild_the_verified_root()
          throws IOException {
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      register(relay, "victor", malloryKey, "mallory");
      long squat = ctIndex(relay, "victor", malloryKey);
      assertEquals(KEY_SUBSTITUTION, paramant("victor", victorKey, relay.uri(), REGISTER).exit());
      relay.tell(Lies.coverLeaf(squat));

      Run monitored = monitor(relay, "victor");

      assertRefused(
          monitored,
          VERIFICATION_FAILED,
          verificationFailed(MONITOR, Reason.NOT_INCLUDED)
              + "the leaves the relay served from index 0 to ");
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (c) a spliced chunk

  @Test
  void
      a_chunk_signed_by_a_teammate_spliced_into_a_signed_file_is_refused_by_the_receiver_and_nothing_is_written()
          throws IOException {
    Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      relay.tell(Lies.recordUploads(uploads));
      try (GhostPipe alice = pipe(relay, "alice", aliceKey);
          GhostPipe victor = pipe(relay, "victor", victorKey);
          GhostPipe mallory = pipe(relay, "mallory", malloryKey)) {
        alice.registerDevice();
        victor.registerDevice();
        mallory.registerDevice();
        byte[] content = randomBytes(OutgoingFile.CHUNK_DATA_SIZE + 1000);
        Transfer sent = alice.send(content, "report.pdf", id("victor"), Duration.ofMinutes(10));
        assertEquals(2, sent.chunkCount());
        // the relay reads the file id from chunk 0's clear header, and mallory (a device of the
        // team, whose keys the log proves) seals and signs its own chunk 1 of that file for victor:
        // same file, index and count, a signature that verifies
        BlobHeader first =
            BlobHeader.parse(ByteBuffer.wrap(uploads.get(sent.chunkHashes().get(0))));
        ByteBuffer spliced = Blob.allocate();
        DeviceKeys malloryKeys = DeviceKeys.load(temp.resolve("mallory"));
        SealedBlob forged;
        try {
          forged =
              new Envelope()
                  .seal(
                      Recipient.device(victor.publicKeys()),
                      first.fileId(),
                      ChunkMeta.following(1, 2),
                      ByteBuffer.wrap(randomBytes(1000)),
                      Signing.to(
                          malloryKeys,
                          namespace,
                          id("mallory"),
                          id("victor"),
                          System.currentTimeMillis()),
                      spliced);
        } finally {
          malloryKeys.destroy();
        }
        byte[] forgedBlob = new byte[Blob.SIZE];
        spliced.flip().get(forgedBlob);
        relay.tell(Lies.serveBlob(forged.sha256(), forgedBlob));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));

        // the relay announces chunk 0 of alice's file, then its own chunk 1
        Optional<ReceivedFile> partial =
            victor.receive(announced(sent.chunkHashes().get(0)), inbox, UnsignedTransfers.REFUSE);
        SenderSignatureException refused =
            assertThrows(
                SenderSignatureException.class,
                () -> victor.receive(announced(forged.sha256()), inbox, UnsignedTransfers.REFUSE));

        assertTrue(partial.isEmpty());
        assertEquals(SenderSignatureException.Reason.MIXED_SIGNERS, refused.reason());
        assertEquals(
            SenderSignatureException.Reason.MIXED_SIGNERS.description()
                + ": chunk 1 is signed by "
                + namespace
                + "/"
                + id("mallory")
                + ", chunk 0 by "
                + namespace
                + "/"
                + id("alice"),
            refused.getMessage());
        assertNothingWritten(inbox);
      }
    }
  }

  @Test
  void
      a_signed_file_replayed_to_its_receiver_is_refused_because_it_was_already_received_from_that_signer()
          throws IOException {
    Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    try (LyingRelay relay = LyingRelay.inFrontOf(main)) {
      relay.tell(Lies.recordUploads(uploads));
      try (GhostPipe alice = pipe(relay, "alice", aliceKey);
          GhostPipe victor = pipe(relay, "victor", victorKey)) {
        alice.registerDevice();
        victor.registerDevice();
        Transfer sent =
            alice.send(randomBytes(1000), "order.txt", id("victor"), Duration.ofMinutes(10));
        String chunk = sent.chunkHashes().get(0);
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        ReceivedFile received =
            victor.receive(announced(chunk), inbox, UnsignedTransfers.REFUSE).orElseThrow();
        Files.delete(received.path()); // the receiver moved the file on
        // the relay announces the same blob again, which it kept
        relay.tell(Lies.serveBlob(chunk, uploads.get(chunk)));

        SenderSignatureException refused =
            assertThrows(
                SenderSignatureException.class,
                () -> victor.receive(announced(chunk), inbox, UnsignedTransfers.REFUSE));

        assertEquals(namespace + "/" + id("alice"), received.sender().orElseThrow().name());
        assertEquals(SenderSignatureException.Reason.REPLAYED, refused.reason());
        assertTrue(
            refused
                .getMessage()
                .startsWith(SenderSignatureException.Reason.REPLAYED.description() + ": "),
            refused::toString);
        assertNothingWritten(inbox);
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
            assertThrows(
                TransferException.class,
                () -> victor.receive(one.id(), inbox, UnsignedTransfers.REFUSE));

        assertEquals(TransferException.Reason.BLOB_ALTERED, refused.reason());
        assertNothingWritten(inbox);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // (d) a forked log

  @Test
  void
      a_fork_shown_to_one_sender_is_refused_for_want_of_a_witness_quorum_while_the_owner_sees_the_real_log()
          throws IOException {
    try (LyingRelay toSenders = LyingRelay.inFrontOf(main);
        LyingRelay toOwner = LyingRelay.inFrontOf(main)) {
      register(toSenders, "alice", aliceKey);
      register(toSenders, "carol", aliceKey); // a device of the team without a witness
      register(toOwner, "victor", victorKey);
      DeviceKeys substitute = DeviceKeys.generate();
      try (ForkedLog fork = ForkedLog.of(Deployment.MAIN, temp.resolve("fork"))) {
        long leaf = fork.appendSubstitute(namespace, id("victor"), substitute.publicKeys());
        toSenders.tell(Lies.showFork(fork, id("victor"), leaf, substitute.publicKeys()));

        Run pinned = send(toSenders, "victor");
        boolean uploadedForPinned = toSenders.receivedAnUpload();
        // the same lie to a client that pinned no witness: every other check passes
        Run unpinned =
            paramant(
                "carol",
                aliceKey,
                toSenders.uri(),
                SEND,
                smallFile().toString(),
                "--to",
                id("victor"));
        // the owner is shown the real log, which holds no substitute: its monitor finds nothing
        Run monitored = monitor(toOwner, "victor");

        assertRefused(
            pinned,
            VERIFICATION_FAILED,
            verificationFailed(SEND, Reason.WITNESS_QUORUM) + "the tree head of size ");
        assertTrue(
            pinned.err().contains(" has 0 fresh valid cosignature(s) of distinct pinned witnesses"),
            pinned::toString);
        assertFalse(uploadedForPinned, "nothing was encrypted to the fork's substitute");
        assertEquals(0, unpinned.exit(), "the fork is a lie only witnesses see: " + unpinned);
        assertTrue(toSenders.receivedAnUpload());
        assertEquals(
            0, monitored.exit(), "a split view hides the fork from its owner: " + monitored);
      } finally {
        substitute.destroy();
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
        Run monitored = monitor(relay, "victor");

        assertSubstitutionReported(monitored, leaf, substitute.fingerprint());
      } finally {
        substitute.destroy();
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

      // both at once: each is refused only after the 5 s it asks again for cosignatures
      Run[] runs =
          concurrently(
              () -> paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed()),
              () -> send(relay, "victor"));
      Run verified = runs[0];
      Run sent = runs[1];

      for (Run run : List.of(verified, sent)) {
        assertTrue(
            run.err()
                .contains(
                    " has 0 fresh valid cosignature(s) of distinct pinned witnesses, 1 required"),
            run::toString);
      }
      assertRefused(
          verified,
          VERIFICATION_FAILED,
          verificationFailed(VERIFY, Reason.WITNESS_QUORUM) + "the tree head of size ");
      assertRefused(
          sent,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.WITNESS_QUORUM) + "the tree head of size ");
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
      relay.tell(Lies.forgeCosignatures(witnessKeyId, witnessUrl()));

      // both at once: each is refused only after the 5 s it asks again for cosignatures
      Run[] runs =
          concurrently(
              () -> paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed()),
              () -> send(relay, "victor"));
      Run verified = runs[0];
      Run sent = runs[1];

      for (Run run : List.of(verified, sent)) {
        // the witness as configured (its base URL), then what was wrong with its cosignature
        assertTrue(run.err().contains(" (" + witness + ": invalid cosignature)"), run::toString);
      }
      assertRefused(
          verified,
          VERIFICATION_FAILED,
          verificationFailed(VERIFY, Reason.WITNESS_QUORUM) + "the tree head of size ");
      assertRefused(
          sent,
          VERIFICATION_FAILED,
          verificationFailed(SEND, Reason.WITNESS_QUORUM) + "the tree head of size ");
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
      Run first = paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed());
      JsonObject old = relay.genuineAnswer("/v2/ct/sth");
      register(relay, "victor", victorKey); // the log grows by victor's leaf
      Run second = paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed());
      long newer = relay.genuineAnswer("/v2/ct/sth").getJsonNumber("tree_size").longValue();
      relay.tell(Lies.replayHead(old));

      Run replayed = paramant("alice", aliceKey, relay.uri(), VERIFY, witnessed());

      assertEquals(0, first.exit(), first::toString);
      assertEquals(0, second.exit(), second::toString);
      assertTrue(
          newer > old.getJsonNumber("tree_size").longValue(),
          "the replayed head is older than the one alice saw");
      // its cosignatures are genuine and (minutes old) still fresh: the client's own history
      // catches it
      assertRefused(
          replayed,
          VERIFICATION_FAILED,
          verificationFailed(VERIFY, Reason.REWOUND) + "the relay's tree head has ");
    }
  }

  // ------------------------------------------------------------------------------------------------

  /**
   * {@code run} failed with {@code exit}, and its error output is one line (no stack trace) that
   * starts with {@code start}.
   */
  private static void assertRefused(Run run, int exit, String start) {
    assertEquals(exit, run.exit(), run::toString);
    assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run);
    assertTrue(
        run.err().startsWith(start), () -> "expected a line starting with\n" + start + "\n" + run);
  }

  /** The start of the line of a {@code LogVerificationException} with {@code reason}. */
  private static String verificationFailed(String command, Reason reason) {
    return command + ": verification failed: " + reason.description() + ": ";
  }

  /** The monitor reported leaf {@code index} with {@code foreign} as a key substitution. */
  private void assertSubstitutionReported(Run monitored, long index, String foreign) {
    assertRefused(
        monitored, KEY_SUBSTITUTION, MONITOR + ": key substitution: the relay's log (key ");
    assertTrue(
        monitored.err().contains(" binds device " + id("victor") + " of " + namespace + " "),
        monitored::toString);
    assertTrue(
        monitored.err().contains("leaf " + index + " (sector main, inserted_at "),
        monitored::toString);
    assertTrue(
        monitored
            .err()
            .contains("is a pubkey leaf for this device with the foreign fingerprint " + foreign),
        monitored::toString);
  }

  /** Nothing but the receiver's own hidden state is in {@code inbox}. */
  private static void assertNothingWritten(Path inbox) throws IOException {
    try (var listing = Files.list(inbox)) {
      assertEquals(
          List.of(), listing.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
    }
  }

  private String witnessUrl() {
    String url = witness.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The log's origin: the real relay's public base URL, which its witnesses cosign. */
  private String origin() {
    String url = main.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** {@code args} and the options that pin the witness and give the log's origin. */
  private String[] witnessed(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--witness", witness + "=" + witnessKeyId, "--log-origin", origin()));
    return all.toArray(String[]::new);
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

  /**
   * Registers device id {@code name} from the state directory of {@code as}, with {@code key}, as
   * {@code paramant keys register} does it (KeysRegisterCommand: {@link GhostPipe#registerDevice()}
   * with the state directory as key directory, the key, the device id and the namespace of {@link
   * #paramantAs}), in this JVM: the registrations that set a lie up are not what the tests check,
   * and a client JVM of its own for each took about two seconds. The command line's registration is
   * still run in {@link #registerWithTheCommandLine} and by the tests whose subject it is.
   */
  private void register(LyingRelay relay, String name, String key, String as) {
    try (GhostPipe pipe =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(key)
            .deviceId(id(name))
            .namespace(key.equals(outsiderKey) ? outsiderNamespace : namespace)
            .keyDirectory(temp.resolve(as))
            .stateDirectory(temp.resolve(as))
            .build()) {
      assertEquals(id(name), pipe.registerDevice().deviceId());
    }
  }

  /** {@code paramant keys register} as device {@code name}, through {@code relay}. */
  private void registerWithTheCommandLine(LyingRelay relay, String name, String key) {
    Run registered = paramantAs(name, name, key, relay.uri(), REGISTER);
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
        "alice", aliceKey, relay.uri(), SEND, witnessed(smallFile().toString(), "--to", id(to)));
  }

  /** A run of the command line that may throw. */
  private interface RunSupplier {
    Run get() throws IOException;
  }

  /**
   * Runs {@code first} and {@code second} at the same time, each a process of its own, and returns
   * both runs. For two commands of one device that are refused with {@code WITNESS_QUORUM}: the
   * command line asks again for a head with its quorum for 5 s before it refuses
   * (LogVerifier.DEFAULT_COSIGNATURE_WAIT_SECONDS; docs/cli.md), and the two waits overlap. Neither
   * stores anything (a refused head is never stored, docs/cli.md) and the device's pins are written
   * atomically, so the two need no order.
   */
  private static Run[] concurrently(RunSupplier first, RunSupplier second) {
    java.util.concurrent.CompletableFuture<Run> other =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return second.get();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      return new Run[] {first.get(), other.join()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The owner's monitor of {@code device} (no witness: it reads whatever log the relay shows). */
  private Run monitor(LyingRelay relay, String device) {
    return paramant(device, deviceKey(device), relay.uri(), MONITOR);
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
        .namespace(namespace)
        .keyDirectory(temp.resolve(device))
        .stateDirectory(temp.resolve(device).resolve("state"))
        .acknowledgeDeliveries(false)
        .build();
  }

  /**
   * Runs {@code command ARGS} ({@code "paramant send"}) as device {@code device} (its own state
   * directory).
   */
  private Run paramant(String device, String key, URI relay, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command.substring("paramant ".length()).split(" ")));
    all.addAll(List.of(args));
    return paramantAs(device, device, key, relay, all.toArray(String[]::new));
  }

  private Run paramantAs(String stateOf, String device, String key, URI relay, String command) {
    return paramantAs(
        stateOf, device, key, relay, command.substring("paramant ".length()).split(" "));
  }

  /**
   * Runs {@code bin/paramant ARGS} from the state directory of {@code stateOf} as device id {@code
   * id(device)}, with the namespace of the key's account configured ({@code PARAMANT_NAMESPACE}).
   */
  private Run paramantAs(String stateOf, String device, String key, URI relay, String[] args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", temp.resolve(stateOf).toString()));
    if (args[0].equals("verify")) {
      command.addAll(List.of("--relay", relay.toString())); // verify names its relay
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    environment.put("PARAMANT_RELAY", relay.toString());
    environment.put("PARAMANT_KEY", key);
    environment.put("PARAMANT_DEVICE", id(device));
    environment.put("PARAMANT_NAMESPACE", key.equals(outsiderKey) ? outsiderNamespace : namespace);
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
