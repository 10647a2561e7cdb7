package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.SenderSignatureException.Reason;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.internal.pins.HomeLogPin;
import io.paramant.client.internal.pins.NamespacePin;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.FakeRelay;
import io.paramant.client.testing.Transfers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed device-to-device transfers (PROTOCOL.md, "Sender signature") through {@link FakeRelay}:
 * three registered devices of one namespace, Alice, Bob and Carol, and Mallory, who is not
 * registered. Forged chunks are sealed with the SDK's own envelope (what a sender holding some key
 * can make) and stored on the relay, or put back by a relay that kept a copy. Every refusal is a
 * {@link SenderSignatureException} and leaves nothing in the target directory.
 */
class SignedTransferTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final int TWO_CHUNKS = OutgoingFile.CHUNK_DATA_SIZE + 1000;

  @TempDir Path temp;

  private FakeRelay relay;
  private GhostPipe alice;
  private GhostPipe bob;
  private GhostPipe carol;
  private Path inbox;

  @BeforeEach
  void start() throws IOException {
    relay = FakeRelay.start(temp.resolve("relay"));
    alice = pipe("alice");
    bob = pipe("bob");
    carol = pipe("carol");
    alice.registerDevice();
    bob.registerDevice();
    carol.registerDevice();
    inbox = Files.createDirectories(temp.resolve("inbox"));
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    carol.close();
    relay.close();
  }

  @Test
  void a_signed_file_names_its_sender_verified_from_the_whole_directory() throws IOException {
    byte[] content = bytes(TWO_CHUNKS);
    Transfer sent = alice.send(content, "report.pdf", "bob", TTL);
    int before = relay.requests().size();

    ReceivedFile received = bob.receive(sent.id(), inbox, UnsignedTransfers.REFUSE);

    assertArrayEquals(content, Files.readAllBytes(received.path()));
    VerifiedSender sender = received.sender().orElseThrow();
    assertEquals("account:tester/alice", sender.name());
    assertEquals(alice.publicKeys(), sender.keys());
    assertEquals("account:tester/alice (signed, verified in log main)", sender.describe());
    List<String> asked = relay.requests().subList(before, relay.requests().size());
    assertEquals(1, asked.stream().filter("GET /v2/pubkey"::equals).count(), asked::toString);
    assertTrue(
        asked.stream().noneMatch(r -> r.startsWith("GET /v2/pubkey/")),
        "the relay is never asked for one sender: " + asked);
  }

  @Test
  void the_sdk_refuses_an_unsigned_file_without_a_trace_and_accepts_it_when_told()
      throws IOException {
    byte[] content = bytes(TWO_CHUNKS);
    Transfer sent = alice.send(content, "u.bin", "bob", TTL, SenderSigning.UNSIGNED);

    SenderSignatureException refused =
        assertThrows(
            SenderSignatureException.class,
            () -> bob.receive(sent.id(), inbox, UnsignedTransfers.REFUSE));
    Transfers.assertEmpty(inbox);
    ReceivedFile accepted = bob.receive(sent.id(), inbox, UnsignedTransfers.ACCEPT);

    assertEquals(Reason.UNSIGNED, refused.reason());
    assertArrayEquals(content, Files.readAllBytes(accepted.path()));
    assertEquals(java.util.Optional.empty(), accepted.sender());
    assertThrows(
        SenderSignatureException.class,
        () ->
            bob.receive(alice.send(bytes(10), "b.bin", "bob", TTL, SenderSigning.UNSIGNED), inbox),
        "the two-argument receive refuses unsigned files too");
  }

  @Test
  void a_chunk_signed_as_alice_with_another_key_is_a_bad_signature() throws IOException {
    // Carol, a device of the namespace, forges Alice's name with her own key
    String id = forge(signing(carol, "alice", "bob"), signing(carol, "alice", "bob"));

    assertRefused(Reason.BAD_SIGNATURE, id);
  }

  @Test
  void a_signer_that_is_not_in_the_directory_is_unknown_after_one_refresh() throws IOException {
    bob.receive(alice.send(bytes(10), "first.bin", "bob", TTL), inbox); // bob caches the directory
    Files.delete(inbox.resolve("first.bin"));
    DeviceKeys mallory = DeviceKeys.generate();
    String id =
        forge(
            Signing.to(mallory, FakeRelay.NAMESPACE, "mallory", "bob", now()),
            Signing.to(mallory, FakeRelay.NAMESPACE, "mallory", "bob", now()));
    int directoryAsked = relay.directoryRequests();

    assertRefused(Reason.UNKNOWN_SIGNER, id);
    assertEquals(1, relay.directoryRequests() - directoryAsked, "refreshed once, whole");
  }

  @Test
  void a_signer_whose_directory_entry_is_not_proven_is_unknown() throws IOException {
    Transfer sent = alice.send(bytes(10), "x.bin", "bob", TTL);
    // then the relay serves Alice with another key in the directory than the one its log holds
    PublicKeys other = DeviceKeys.generate().publicKeys();
    relay.editDirectoryAnswers(
        json ->
            jakarta.json.Json.createObjectBuilder(json)
                .add(
                    "devices",
                    jakarta.json.Json.createArrayBuilder(
                        json.getJsonArray("devices").stream()
                            .map(
                                d ->
                                    d.asJsonObject().getString("device_id").equals("alice")
                                        ? jakarta.json.Json.createObjectBuilder(d.asJsonObject())
                                            .add("dsa_pub", other.mlDsaHex().orElseThrow())
                                            .build()
                                        : d)
                            .toList()))
                .build());

    SenderSignatureException refused =
        assertThrows(
            SenderSignatureException.class,
            () -> bob.receive(sent.id(), inbox, UnsignedTransfers.REFUSE));

    assertEquals(Reason.UNKNOWN_SIGNER, refused.reason());
    assertTrue(refused.getMessage().contains("account:tester/alice"), refused::getMessage);
    Transfers.assertEmpty(inbox);
  }

  @Test
  void chunks_of_two_signers_are_mixed_and_the_written_chunk_is_deleted() throws IOException {
    // a relay splicing a chunk Carol signed for Bob into Alice's file (same file id: the relay
    // cannot change it, so here the splice is as good as it gets)
    String id = forge(signing(alice, "alice", "bob"), signing(carol, "carol", "bob"));

    assertRefused(Reason.MIXED_SIGNERS, id);
    try (var left = Files.list(temp.resolve("bob").resolve("receive"))) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().endsWith(".journal")),
          "no journal is left");
    }
  }

  @Test
  void a_copy_the_relay_kept_and_serves_again_is_a_replay() throws IOException {
    Transfer sent = alice.send(bytes(TWO_CHUNKS), "twice.bin", "bob", TTL);
    List<byte[]> kept = sent.chunkHashes().stream().map(relay::copyOf).toList();
    bob.receive(sent.id(), inbox, UnsignedTransfers.REFUSE);
    kept.forEach(relay::store);
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

    SenderSignatureException replayed =
        assertThrows(
            SenderSignatureException.class,
            () -> bob.receive(sent.id(), elsewhere, UnsignedTransfers.ACCEPT));

    assertEquals(Reason.REPLAYED, replayed.reason());
    Transfers.assertEmpty(elsewhere);
  }

  @Test
  void a_chunk_signed_for_carol_but_sealed_to_bob_is_not_for_bob() throws IOException {
    String id = forge(signing(alice, "alice", "carol"), signing(alice, "alice", "carol"));

    assertRefused(Reason.NOT_FOR_ME, id);
  }

  @Test
  void a_file_signed_nine_days_ago_is_outside_the_window() throws IOException {
    long nineDaysAgo = now() - Duration.ofDays(9).toMillis();
    DeviceKeys keys = DeviceKeys.load(temp.resolve("alice"));
    Signing old = Signing.to(keys, FakeRelay.NAMESPACE, "alice", "bob", nineDaysAgo);

    assertRefused(Reason.OUT_OF_WINDOW, forge(old, old));
  }

  @Test
  void a_signer_served_from_a_log_that_is_not_the_namespaces_home_log_is_unknown()
      throws IOException {
    // Bob's home log of the namespace is another log (the relay's URL now leads to another
    // sector's log, which holds a genuine-looking directory): no signer of it counts
    Transfer sent = alice.send(bytes(100), "a.bin", "bob", TTL);
    bob.close();
    Path bobState = temp.resolve("bob");
    HomeLogPin pins = new HomeLogPin(bobState);
    Files.delete(pins.pathOf(FakeRelay.NAMESPACE));
    pins.pin(FakeRelay.NAMESPACE, RelayAddress.of(relay.uri()), "ab".repeat(32), "legal");
    bob = pipe("bob");

    SenderSignatureException refused =
        assertThrows(
            SenderSignatureException.class,
            () -> bob.receive(sent.id(), inbox, UnsignedTransfers.ACCEPT));

    assertEquals(Reason.UNKNOWN_SIGNER, refused.reason(), refused::getMessage);
    assertTrue(
        refused.getMessage().contains("its keys are not from the namespace's home log"),
        refused.getMessage());
    Transfers.assertEmpty(inbox);
  }

  @Test
  void a_receiver_that_learned_its_namespace_from_the_directory_pins_it_and_its_home_log()
      throws IOException {
    // Bob's keys, a state directory that has never looked anything up and no namespace configured
    Transfer sent = alice.send(bytes(100), "a.bin", "bob", TTL);
    Path fresh = temp.resolve("bob-fresh");
    try (GhostPipe bobElsewhere =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(FakeRelay.API_KEY)
            .deviceId("bob")
            .sector(FakeRelay.SECTOR)
            .keyDirectory(temp.resolve("bob"))
            .stateDirectory(fresh)
            .retries(4, Duration.ofMillis(1), Duration.ofMillis(5))
            .build()) {

      ReceivedFile received = bobElsewhere.receive(sent.id(), inbox, UnsignedTransfers.REFUSE);

      assertEquals("account:tester/alice", received.sender().orElseThrow().name());
    }
    assertEquals(
        java.util.Optional.of(FakeRelay.NAMESPACE),
        new NamespacePin(fresh, RelayAddress.of(relay.uri()), null, ns -> {}).known(),
        "a later directory naming another namespace is then a hard error");
    assertEquals(
        FakeRelay.SECTOR, new HomeLogPin(fresh).pinned(FakeRelay.NAMESPACE).orElseThrow().sector());
  }

  // ------------------------------------------------------------------------------------------------

  private void assertRefused(Reason reason, String transferId) {
    SenderSignatureException refused =
        assertThrows(
            SenderSignatureException.class,
            () -> bob.receive(transferId, inbox, UnsignedTransfers.ACCEPT));
    assertEquals(reason, refused.reason(), refused::getMessage);
    Transfers.assertEmpty(inbox);
  }

  /** {@code device}'s own keys signing as {@code as} for {@code to}, now. */
  private Signing signing(GhostPipe device, String as, String to) {
    String own = device.deviceId().orElseThrow();
    return Signing.to(DeviceKeys.load(temp.resolve(own)), FakeRelay.NAMESPACE, as, to, now());
  }

  /**
   * A file of two chunks sealed to Bob, chunk 0 signed with {@code first}, chunk 1 with {@code
   * second}, stored on the relay; returns its transfer id.
   */
  private String forge(Signing first, Signing second) throws IOException {
    Envelope envelope = new Envelope();
    Recipient toBob = Recipient.device(bob.publicKeys());
    FileId fileId = FileId.random();
    List<String> hashes = new ArrayList<>();
    try (OutgoingFile file = OutgoingFile.of(bytes(TWO_CHUNKS), "forged.bin", "x/y")) {
      for (int i = 0; i < file.chunkCount(); i++) {
        ByteBuffer blob = Blob.allocate();
        envelope.seal(toBob, fileId, file.meta(i), file.chunk(i), i == 0 ? first : second, blob);
        blob.flip();
        byte[] bytes = new byte[blob.remaining()];
        blob.get(bytes);
        hashes.add(relay.store(bytes));
      }
    }
    return String.join(",", hashes);
  }

  private GhostPipe pipe(String device) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(FakeRelay.API_KEY)
        .deviceId(device)
        .sector(FakeRelay.SECTOR)
        .keyDirectory(temp.resolve(device))
        .stateDirectory(temp.resolve(device))
        .retries(4, Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
