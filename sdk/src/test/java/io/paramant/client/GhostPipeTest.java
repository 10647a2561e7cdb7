package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The SDK's transfers against a relay in the test's JVM ({@link FakeRelay}: real HTTP, the relay's
 * own log code): two devices of one account, with their own key and state directories. What is
 * checked is what the relay sees (requests, stored blobs) and what ends up on disk.
 */
class GhostPipeTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TTL = Duration.ofMinutes(10);

  @TempDir Path temp;

  private FakeRelay relay;
  private GhostPipe alice;
  private GhostPipe bob;
  private Path inbox;
  private final List<Progress> bobsProgress = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    relay = FakeRelay.start(temp.resolve("relay"));
    alice = pipe("alice", null);
    bob = pipe("bob", bobsProgress::add);
    alice.registerDevice();
    bob.registerDevice();
    inbox = Files.createDirectories(temp.resolve("inbox"));
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    relay.close();
  }

  @Test
  void a_file_of_three_chunks_arrives_byte_identical_and_the_relay_keeps_nothing()
      throws IOException {
    Path file = file("scan.pdf", 2 * OutgoingFile.CHUNK_DATA_SIZE + 12_345);

    Transfer sent = alice.send(file, "bob", TTL);

    assertEquals(3, sent.chunkCount());
    assertEquals(String.join(",", sent.chunkHashes()), sent.id());
    assertEquals(sent.chunkHashes().size(), relay.storedBlobs().size());
    Path received = bob.receive(sent.id(), inbox);
    assertEquals(inbox.resolve("scan.pdf"), received);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(received));
    assertTrue(relay.storedBlobs().isEmpty());
    assertEquals(List.of(1, 2, 3), bobsProgress.stream().map(Progress::chunksDone).toList());
    try (var left = Files.list(temp.resolve("bob").resolve("receive"))) {
      assertEquals(0, left.count(), "no journal, kept blob or transfer record is left behind");
    }
  }

  @Test
  void a_503_is_retried_and_the_upload_keeps_its_hash() {
    relay.refuseUploads(2);

    Transfer sent = alice.send(bytes(1000), "bob", TTL);

    assertEquals(3, count("POST /v2/inbound"), "two refusals, then stored");
    assertEquals(sent.chunkHashes(), relay.storedBlobs());
  }

  @Test
  void an_upload_whose_answer_was_lost_is_not_stored_twice_and_counts_as_stored()
      throws IOException {
    relay.loseUploadAnswers(1);

    byte[] content = bytes(100_000);
    Transfer sent = alice.send(content, "note.txt", "bob", TTL);

    assertEquals(2, count("POST /v2/inbound"), "the retry sends the same blob and gets 409");
    assertEquals(sent.chunkHashes(), relay.storedBlobs(), "one blob, under the one hash");
    assertTrue(sent.ttl().isEmpty(), "the lost receipt's TTL is unknown");
    assertArrayEquals(content, Files.readAllBytes(bob.receive(sent, inbox)));
  }

  @Test
  void a_download_cut_off_by_the_network_is_retried() throws IOException {
    byte[] content = bytes(5000);
    Transfer sent = alice.send(content, "cut.bin", "bob", TTL);
    relay.cutDownloads(1);

    Path received = bob.receive(sent.id(), inbox);

    assertArrayEquals(content, Files.readAllBytes(received));
    assertEquals(2, count("GET /v2/outbound/" + sent.chunkHashes().get(0)));
  }

  @Test
  void an_interrupted_receive_resumes_where_it_stopped_with_identical_bytes() throws IOException {
    Path file = file("big.bin", 2 * OutgoingFile.CHUNK_DATA_SIZE + 1);
    Transfer sent = alice.send(file, "bob", TTL);
    GhostPipe interrupting =
        pipe(
            "bob",
            progress -> {
              if (progress.chunksDone() == 1) {
                Thread.currentThread().interrupt();
              }
            });

    TransferException stopped =
        assertThrows(TransferException.class, () -> interrupting.receive(sent.id(), inbox));
    assertTrue(Thread.interrupted(), "the interrupt stays visible to the caller");

    assertEquals(TransferException.Reason.INTERRUPTED, stopped.reason());
    assertFalse(Files.exists(inbox.resolve("big.bin")), "no file under its name before the end");
    assertEquals(2, relay.storedBlobs().size(), "chunks 1 and 2 are still on the relay");
    Path received = bob.receive(sent.id(), inbox);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(received));
    assertEquals(1, count("GET /v2/outbound/" + sent.chunkHashes().get(0)), "chunk 0 was kept");
    assertEquals(List.of(1, 2, 3), bobsProgress.stream().map(Progress::chunksDone).toList());
    interrupting.close();
  }

  @Test
  void a_blob_that_does_not_open_is_kept_and_opens_later_with_the_right_password()
      throws IOException {
    byte[] content = bytes(2000);
    char[] password = "correct horse battery staple".toCharArray();
    Transfer sent = alice.send(content, "secret.txt", password, TTL);

    EnvelopeException wrong =
        assertThrows(
            EnvelopeException.class,
            () -> bob.receive(sent.id(), inbox, "wrong password".toCharArray()));
    EnvelopeException noPassword =
        assertThrows(EnvelopeException.class, () -> bob.receive(sent.id(), inbox));

    assertEquals(EnvelopeException.Reason.WRONG_PASSWORD, wrong.reason());
    assertEquals(EnvelopeException.Reason.CREDENTIAL_MISMATCH, noPassword.reason());
    assertTrue(relay.storedBlobs().isEmpty(), "the download burned the blob on the relay");
    assertArrayEquals(
        content, Files.readAllBytes(bob.receive(sent.id(), inbox, password)), "kept copy");
  }

  @Test
  void a_transfer_id_without_every_chunk_is_refused_and_the_whole_id_still_works()
      throws IOException {
    Path file = file("two.bin", OutgoingFile.CHUNK_DATA_SIZE + 10);
    Transfer sent = alice.send(file, "bob", TTL);

    TransferException partial =
        assertThrows(TransferException.class, () -> bob.receive(sent.chunkHashes().get(0), inbox));

    assertEquals(TransferException.Reason.WRONG_CHUNK_LIST, partial.reason());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(bob.receive(sent, inbox)));
  }

  @Test
  void a_blob_that_is_gone_is_reported_as_gone() {
    Transfer sent = alice.send(bytes(10), "bob", TTL);
    bob.receive(sent, inbox);

    TransferException again = assertThrows(TransferException.class, () -> bob.receive(sent, temp));

    assertEquals(TransferException.Reason.GONE, again.reason());
  }

  @Test
  void keys_served_other_than_logged_are_refused_before_anything_is_sent() {
    PublicKeys mallory = DeviceKeys.generate().publicKeys();
    relay.editPubkeyAnswers(
        json -> Json.createObjectBuilder(json).add("kyber_pub", mallory.mlKemHex()).build());

    LogVerificationException substituted =
        assertThrows(LogVerificationException.class, () -> alice.send(bytes(10), "bob", TTL));

    assertEquals(LogVerificationException.Reason.KEY_MISMATCH, substituted.reason());
    assertEquals(0, count("POST /v2/inbound"));
  }

  @Test
  void keys_whose_fingerprint_is_not_in_the_log_are_refused() {
    PublicKeys mallory = DeviceKeys.generate().publicKeys();
    relay.editPubkeyAnswers(
        json ->
            Json.createObjectBuilder(json)
                .add("kyber_pub", mallory.mlKemHex())
                .add("ecdh_pub", mallory.ecdhHex())
                .add("dsa_pub", mallory.mlDsaHex().orElseThrow())
                .add("fingerprint", mallory.fingerprint())
                .build());

    LogVerificationException unlogged =
        assertThrows(LogVerificationException.class, () -> alice.send(bytes(10), "bob", TTL));

    assertEquals(LogVerificationException.Reason.NOT_INCLUDED, unlogged.reason());
    assertEquals(0, count("POST /v2/inbound"));
  }

  @Test
  void an_unknown_device_and_a_device_without_a_p256_key_are_refused() throws Exception {
    PublicKeys kemOnly = DeviceKeys.generate().publicKeys();
    HttpResponse<String> registered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(relay.uri().resolve("v2/pubkey"))
                    .header("X-Api-Key", FakeRelay.API_KEY)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Json.createObjectBuilder()
                                .add("device_id", "old-sdk")
                                .add("kyber_pub", kemOnly.mlKemHex())
                                .build()
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, registered.statusCode(), registered::body);

    TransferException unknown =
        assertThrows(TransferException.class, () -> alice.send(bytes(10), "nobody", TTL));
    TransferException notHybrid =
        assertThrows(TransferException.class, () -> alice.send(bytes(10), "old-sdk", TTL));

    assertEquals(TransferException.Reason.UNKNOWN_DEVICE, unknown.reason());
    assertEquals(TransferException.Reason.NOT_HYBRID, notHybrid.reason());
    assertEquals(0, count("POST /v2/inbound"));
  }

  @Test
  void a_drop_is_picked_up_once_by_its_words() throws IOException {
    byte[] content = bytes(3000);
    Mnemonic words = alice.drop(content, "drop.txt", TTL);
    String phrase = words.phrase();
    GhostPipe anonymous =
        GhostPipe.builder().relay(relay.uri()).stateDirectory(temp.resolve("anon")).build();

    Path picked = anonymous.pickup(phrase, inbox);
    TransferException second =
        assertThrows(TransferException.class, () -> anonymous.pickup(phrase, temp));

    assertArrayEquals(content, Files.readAllBytes(picked));
    assertEquals(TransferException.Reason.GONE, second.reason());
    assertThrows(
        EnvelopeException.class,
        () -> anonymous.pickup(phrase.replaceFirst("^\\S+", "zzzz"), temp),
        "a mistyped word is refused before the relay is asked");
  }

  @Test
  void a_registration_is_checked_against_the_log_and_repeating_it_is_harmless() {
    DeviceRegistration again = bob.registerDevice();

    assertEquals("bob", again.deviceId());
    assertEquals(bob.publicKeys().fingerprint(), again.fingerprint());
    assertEquals(bob.publicKeys(), alice.deviceKeys("bob"));
  }

  // ------------------------------------------------------------------------------------------------

  private GhostPipe pipe(String device, Progress.Listener progress) {
    GhostPipe.Builder builder =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(FakeRelay.API_KEY)
            .deviceId(device)
            .sector(FakeRelay.SECTOR)
            .keyDirectory(temp.resolve(device))
            .stateDirectory(temp.resolve(device))
            .retries(4, Duration.ofMillis(1), Duration.ofMillis(5));
    if (progress != null) {
      builder.progress(progress);
    }
    return builder.build();
  }

  private long count(String request) {
    return relay.requests().stream().filter(request::equals).count();
  }

  private Path file(String name, int size) throws IOException {
    return Files.write(Files.createDirectories(temp.resolve("outbox")).resolve(name), bytes(size));
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
