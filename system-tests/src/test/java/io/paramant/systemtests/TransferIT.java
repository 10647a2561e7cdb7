package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.DeviceKeys;
import io.paramant.client.DeviceRegistration;
import io.paramant.client.GhostPipe;
import io.paramant.client.LogVerificationException;
import io.paramant.client.Progress;
import io.paramant.client.PublicKeys;
import io.paramant.client.PushStream;
import io.paramant.client.Transfer;
import io.paramant.client.TransferException;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end transfers through the real relay with the SDK ({@link GhostPipe}), as an application
 * uses it: two devices of one account, each with its own key and state directory, register their
 * keys, and one sends files to the other. Every test takes what it stores back off the relay.
 */
class TransferIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIB = 1024 * 1024;
  private static final Duration TTL = Duration.ofMinutes(10);

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final String key = Deployment.newAccount("pro").apiKey();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  @Test
  void fifty_megabytes_between_two_devices_of_one_account_arrive_byte_identical()
      throws IOException {
    try (GhostPipe alice = pipe("alice", null);
        GhostPipe bob = pipe("bob", null)) {
      register(alice, bob);
      Path file = randomFile("fifty.bin", 50L * MIB);

      Transfer sent = alice.send(file, id("bob"), TTL);
      Path received = bob.receive(sent.id(), inbox());

      assertEquals(11, sent.chunkCount(), "50 MiB in chunks of 5 MiB less 8 KiB");
      assertEquals(inbox().resolve("fifty.bin"), received);
      assertEquals(sha256(file), sha256(received));
      assertEquals(Optional.of(Duration.ofMinutes(10)), sent.ttl());
      assertGone(sent);
    }
  }

  @Test
  void an_interrupted_receive_resumes_and_completes_with_identical_bytes() throws IOException {
    try (GhostPipe alice = pipe("alice", null);
        GhostPipe bob = pipe("bob", null)) {
      register(alice, bob);
      Path file = randomFile("twelve.bin", 12L * MIB);
      Transfer sent = alice.send(file, id("bob"), TTL);
      List<Integer> seen = new ArrayList<>();
      GhostPipe interrupted =
          pipe(
              "bob",
              progress -> {
                seen.add(progress.chunksDone());
                if (progress.chunksDone() == 1) {
                  Thread.currentThread().interrupt(); // as a caller cancelling the work would
                }
              });

      TransferException stopped =
          assertThrows(TransferException.class, () -> interrupted.receive(sent.id(), inbox()));
      assertTrue(Thread.interrupted());
      interrupted.close();

      assertEquals(TransferException.Reason.INTERRUPTED, stopped.reason());
      assertEquals(List.of(1), seen);
      assertFalse(Files.exists(inbox().resolve("twelve.bin")), "nothing under its name yet");
      assertEquals(
          List.of(false, true, true),
          sent.chunkHashes().stream().map(this::available).toList(),
          "chunk 0 was taken, chunks 1 and 2 wait on the relay");
      Path received = bob.receive(sent.id(), inbox());
      assertEquals(sha256(file), sha256(received));
      assertGone(sent);
    }
  }

  @Test
  void a_password_transfer_opens_with_the_password_only() throws IOException {
    try (GhostPipe alice = pipe("alice", null);
        GhostPipe bob = pipe("bob", null)) {
      byte[] content = randomBytes(1000);
      char[] password = "a long and private passphrase".toCharArray();

      Transfer sent = alice.send(content, "minutes.txt", password, TTL);
      Path received = bob.receive(sent.id(), inbox(), password);

      assertEquals(HexFormat.of().formatHex(sha256(content)), sha256(received));
      assertTrue(sent.recipient().isEmpty());
    }
  }

  @Test
  void unknown_ml_kem_only_and_tampered_key_registrations_are_refused_before_any_upload()
      throws Exception {
    try (GhostPipe alice = pipe("alice", null);
        GhostPipe bob = pipe("bob", null)) {
      register(alice, bob);
      String kemOnly = id("old-sdk");
      PublicKeys oldSdk = DeviceKeys.generate().publicKeys();
      HttpResponse<String> registered =
          Deployment.http()
              .send(
                  HttpRequest.newBuilder(relay.resolve("v2/pubkey"))
                      .header("X-Api-Key", key)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              Json.createObjectBuilder()
                                  .add("device_id", kemOnly)
                                  .add("kyber_pub", oldSdk.mlKemHex())
                                  .build()
                                  .toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, registered.statusCode(), registered::body);

      TransferException unknown =
          assertThrows(
              TransferException.class, () -> alice.send(randomBytes(10), id("nobody"), TTL));
      TransferException notHybrid =
          assertThrows(TransferException.class, () -> alice.send(randomBytes(10), kemOnly, TTL));
      assertEquals(TransferException.Reason.UNKNOWN_DEVICE, unknown.reason());
      assertEquals(TransferException.Reason.NOT_HYBRID, notHybrid.reason());

      PublicKeys mallory = DeviceKeys.generate().publicKeys();
      try (RelayProxy proxy = RelayProxy.inFrontOf(relay);
          GhostPipe viaProxy = pipe("alice", null, proxy.uri())) {
        proxy.edit(
            "/v2/pubkey/",
            json -> Json.createObjectBuilder(json).add("ecdh_pub", mallory.ecdhHex()).build());
        LogVerificationException swapped =
            assertThrows(
                LogVerificationException.class,
                () -> viaProxy.send(randomBytes(10), id("bob"), TTL));
        proxy.edit(
            "/v2/pubkey/",
            json ->
                Json.createObjectBuilder(json)
                    .add("kyber_pub", mallory.mlKemHex())
                    .add("ecdh_pub", mallory.ecdhHex())
                    .add("dsa_pub", mallory.mlDsaHex().orElseThrow())
                    .add("fingerprint", mallory.fingerprint())
                    .build());
        LogVerificationException unlogged =
            assertThrows(
                LogVerificationException.class,
                () -> viaProxy.send(randomBytes(10), id("bob"), TTL));

        assertEquals(LogVerificationException.Reason.KEY_MISMATCH, swapped.reason());
        assertEquals(LogVerificationException.Reason.NOT_INCLUDED, unlogged.reason());
        assertTrue(
            proxy.requests().stream().noneMatch(r -> r.startsWith("POST /v2/inbound")),
            "nothing was sealed to keys that did not check out");
      }
    }
  }

  @Test
  void pushed_announcements_deliver_a_file_of_two_chunks() throws Exception {
    try (GhostPipe alice = pipe("alice", null);
        GhostPipe bob = pipe("bob", null)) {
      register(alice, bob);
      BlockingQueue<BlobAnnouncement> announced = new LinkedBlockingQueue<>();
      Path file = randomFile("pushed.bin", 6L * MIB);
      Transfer sent;
      PushStream stream = bob.stream(announced::add);
      try {
        sent = alice.send(file, id("bob"), TTL);
        List<Optional<Path>> results = new ArrayList<>();
        for (int i = 0; i < sent.chunkCount(); i++) {
          BlobAnnouncement announcement = announced.poll(10, TimeUnit.SECONDS);
          assertTrue(announcement != null, "announcement " + i);
          assertEquals(sent.chunkHashes().get(i), announcement.hash());
          results.add(bob.receive(announcement, inbox()));
        }
        assertEquals(Optional.empty(), results.get(0), "the file is not complete after chunk 0");
        assertEquals(sha256(file), sha256(results.get(1).orElseThrow()));
      } finally {
        stream.close();
      }
      assertGone(sent);
    }
  }

  @Test
  void a_registration_is_proven_in_the_log_and_repeating_it_changes_nothing() {
    try (GhostPipe bob = pipe("bob", null)) {
      DeviceRegistration first = bob.registerDevice();
      DeviceRegistration again = bob.registerDevice();

      assertEquals(first, again);
      assertEquals(bob.publicKeys().fingerprint(), first.fingerprint());
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** A device id unique to this test. */
  private String id(String name) {
    return name + "-" + suffix;
  }

  private GhostPipe pipe(String device, Progress.Listener progress) {
    return pipe(device, progress, relay);
  }

  private GhostPipe pipe(String device, Progress.Listener progress, URI via) {
    GhostPipe.Builder builder =
        GhostPipe.builder()
            .relay(via)
            .apiKey(key)
            .deviceId(id(device))
            .sector(Deployment.MAIN)
            .keyDirectory(temp.resolve(device))
            .stateDirectory(temp.resolve(device));
    if (progress != null) {
      builder.progress(progress);
    }
    return builder.build();
  }

  private static void register(GhostPipe... pipes) {
    for (GhostPipe pipe : pipes) {
      pipe.registerDevice();
    }
  }

  private Path inbox() throws IOException {
    return Files.createDirectories(temp.resolve("inbox"));
  }

  private boolean available(String hash) {
    try {
      HttpResponse<String> status =
          Deployment.http()
              .send(
                  HttpRequest.newBuilder(relay.resolve("v2/status/" + hash))
                      .header("X-Api-Key", key)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return status.body().contains("\"available\":true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void assertGone(Transfer transfer) {
    for (String hash : transfer.chunkHashes()) {
      assertFalse(available(hash), "blob " + hash + " was taken off the relay");
    }
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

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
