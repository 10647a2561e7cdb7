package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DIDs against a relay in the test's JVM ({@link FakeRelay}, which checks the DID headers as
 * docs/did.md has a relay check them): registration, resolution, and transfers whose device
 * requests are authenticated by the DID instead of the API key.
 */
class DidTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TTL = Duration.ofMinutes(10);

  @TempDir Path temp;

  private FakeRelay relay;

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void a_did_is_registered_after_the_keys_and_resolves_to_them_proven_in_the_log() {
    try (GhostPipe alice = pipe("alice", DeviceAuth.API_KEY)) {
      DidRegistration registered = alice.registerDid();
      DidRegistration again = alice.registerDid();
      DidDocument document = alice.resolveDid(registered.did());

      assertEquals(alice.did(), registered.did());
      assertEquals("alice", registered.deviceId());
      assertEquals(registered, again, "the same registration gets the same answer");
      assertEquals(
          List.of(
              "key POST /v2/pubkey",
              "key+did POST /v2/did/register",
              "none GET /v2/did/" + registered.did()),
          relay.credentials().stream()
              .filter(c -> c.contains("/v2/pubkey") && c.contains("POST") || c.contains("/did"))
              .limit(3)
              .toList());
      assertEquals("alice", relay.deviceOfDid(registered.did()));
      assertTrue(document.matches(alice.publicKeys()));
      assertEquals(registered.ctIndex(), document.ctIndex());
      assertEquals(FakeRelay.SECTOR, document.sector());
      assertEquals(registered.did() + "#sig", document.signingKeyId());
      assertArrayEquals(alice.publicKeys().ecdh(), document.p256PublicKey());
    }
  }

  @Test
  void device_requests_carry_the_did_and_no_key_and_a_retry_is_signed_anew() throws IOException {
    try (GhostPipe aliceKeyed = pipe("alice", DeviceAuth.API_KEY);
        GhostPipe bobKeyed = pipe("bob", DeviceAuth.API_KEY)) {
      aliceKeyed.registerDid();
      bobKeyed.registerDid();
    }
    relay.refuseUploads(2);
    byte[] content = new byte[3000];
    RANDOM.nextBytes(content);
    Path inbox = Files.createDirectories(temp.resolve("inbox"));
    try (GhostPipe alice = pipe("alice", DeviceAuth.DID);
        GhostPipe bob = pipe("bob", DeviceAuth.DID)) {
      int before = relay.credentials().size();

      Transfer sent = alice.send(content, "note.txt", "bob", TTL);
      Path received = bob.receive(sent.id(), inbox);

      assertArrayEquals(content, Files.readAllBytes(received));
      List<String> device =
          relay.credentials().subList(before, relay.credentials().size()).stream()
              .filter(c -> c.contains("/v2/inbound") || c.contains("/v2/outbound"))
              .toList();
      assertEquals(
          List.of(
              "did POST /v2/inbound",
              "did POST /v2/inbound",
              "did POST /v2/inbound",
              "did GET /v2/outbound/" + sent.chunkHashes().get(0)),
          device,
          "two 503s, then stored; then downloaded");
      List<String> nonces = relay.didNonces();
      assertEquals(nonces.size(), new HashSet<>(nonces).size(), "no nonce twice");
      assertTrue(
          relay.credentials().contains("key GET /v2/pubkey/bob"),
          "a key lookup is the account's, with its key");
    }
  }

  @Test
  void an_upload_whose_answer_was_lost_is_retried_and_checked_with_did_requests() {
    try (GhostPipe keyed = pipe("alice", DeviceAuth.API_KEY)) {
      keyed.registerDid();
    }
    relay.loseUploadAnswers(1);
    try (GhostPipe alice = pipe("alice", DeviceAuth.DID)) {
      int before = relay.credentials().size();

      Transfer sent = alice.send(new byte[500], "lost.bin", "alice", TTL);

      String hash = sent.chunkHashes().get(0);
      assertEquals(
          List.of("did POST /v2/inbound", "did POST /v2/inbound", "did GET /v2/status/" + hash),
          relay.credentials().subList(before, relay.credentials().size()).stream()
              .filter(c -> c.startsWith("did "))
              .toList(),
          "stored by the first attempt, 409 for the second (a new nonce), then its status");
      assertEquals(List.of(hash), relay.storedBlobs());
    }
  }

  @Test
  void a_did_not_registered_is_refused_by_the_relay_as_did_unknown() {
    try (GhostPipe keyed = pipe("alice", DeviceAuth.API_KEY)) {
      keyed.registerDevice();
    }
    try (GhostPipe alice = pipe("alice", DeviceAuth.DID)) {
      RelayRequestException e =
          assertThrows(RelayRequestException.class, () -> alice.send(new byte[10], "alice", TTL));

      assertEquals(401, e.status().orElseThrow());
      assertEquals("did_unknown", e.errorCode().orElseThrow());
    }
  }

  @Test
  void a_document_whose_keys_are_not_the_dids_or_whose_proof_fails_is_refused() {
    String did;
    try (GhostPipe alice = pipe("alice", DeviceAuth.API_KEY)) {
      did = alice.registerDid().did();
    }
    try (GhostPipe bob = pipe("bob", DeviceAuth.API_KEY)) {
      bob.registerDevice();
      String bobsKey =
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(bob.publicKeys().mlDsa().orElseThrow());
      relay.editDidDocuments(
          json -> {
            var methods = json.getJsonArray("verificationMethod");
            var sig = methods.getJsonObject(0);
            var jwk =
                Json.createObjectBuilder(sig.getJsonObject("publicKeyJwk")).add("pub", bobsKey);
            return Json.createObjectBuilder(json)
                .add(
                    "verificationMethod",
                    Json.createArrayBuilder()
                        .add(Json.createObjectBuilder(sig).add("publicKeyJwk", jwk))
                        .add(methods.get(1)))
                .build();
          });
      LogVerificationException substituted =
          assertThrows(LogVerificationException.class, () -> bob.resolveDid(did));
      relay.editDidDocuments(
          json ->
              Json.createObjectBuilder(json)
                  .add(
                      "paramantLog",
                      Json.createObjectBuilder(json.getJsonObject("paramantLog"))
                          .add("ct_index", 0))
                  .build());
      LogVerificationException unproven =
          assertThrows(LogVerificationException.class, () -> bob.resolveDid(did));
      TransferException unknown =
          assertThrows(TransferException.class, () -> bob.resolveDid(bob.did()));
      IllegalArgumentException invalid =
          assertThrows(IllegalArgumentException.class, () -> bob.resolveDid("did:paramant:x"));

      assertEquals(LogVerificationException.Reason.KEY_MISMATCH, substituted.reason());
      assertEquals(LogVerificationException.Reason.NOT_INCLUDED, unproven.reason());
      assertEquals(TransferException.Reason.UNKNOWN_DEVICE, unknown.reason());
      assertEquals(
          "a DID is did:paramant: and 32 characters of lowercase base32 ([a-z2-7])",
          invalid.getMessage());
    }
  }

  @Test
  void a_did_of_a_device_that_is_not_registered_is_not_found_in_words() {
    try (GhostPipe alice = pipe("alice", DeviceAuth.API_KEY)) {
      alice.registerDevice();
    }
    relay.registerIn("account:elsewhere");
    try (GhostPipe alice = pipe("alice", DeviceAuth.API_KEY)) {
      RelayRequestException e = assertThrows(RelayRequestException.class, alice::registerDid);

      assertEquals(404, e.status().orElseThrow());
      assertEquals("not_found", e.errorCode().orElseThrow());
      assertTrue(
          e.getMessage()
              .endsWith(
                  ": HTTP 404 not_found: device alice is not registered in this account's"
                      + " namespace (register its keys first)"),
          e::getMessage);
    }
  }

  private GhostPipe pipe(String device, DeviceAuth auth) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(FakeRelay.API_KEY)
        .deviceAuth(auth)
        .deviceId(device)
        .sector(FakeRelay.SECTOR)
        .keyDirectory(temp.resolve(device))
        .stateDirectory(temp.resolve(device))
        .retries(4, Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }
}
