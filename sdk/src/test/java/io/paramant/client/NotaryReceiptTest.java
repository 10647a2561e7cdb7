package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import io.paramant.client.testing.FakeWitness;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GhostPipe#notarise} against a {@link FakeRelay} (the relay's own {@code SectorLog} behind
 * it, a {@link FakeWitness} cosigning its heads), and {@link GhostPipe#verifyReceipt} offline on
 * the receipt it writes: the honest receipt verifies; one changed byte of the document is {@code
 * DOCUMENT_CHANGED}; one changed byte in the signature, a leaf's time, a proof, the head's root or
 * the signer's key is {@code RECEIPT_INVALID}, each with the check that failed; a text that is no
 * receipt is {@code UNPARSEABLE}.
 */
class NotaryReceiptTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path temp;

  private FakeRelay relay;
  private FakeWitness witness;
  private GhostPipe alice;
  private Path deed;
  private Path receiptFile;
  private NotaryReceipt receipt;

  @BeforeEach
  void notarise() throws IOException {
    relay = FakeRelay.start(temp.resolve("relay"));
    witness = FakeWitness.start();
    relay.witnessedBy(witness);
    relay.logTransfers(9);
    alice = pipe(DeviceAuth.API_KEY);
    alice.registerDevice();
    relay.logTransfers(13);
    deed = temp.resolve("deed.pdf");
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    RANDOM.nextBytes(content);
    Files.write(deed, content);
    receipt = alice.notarise(deed);
    receiptFile = temp.resolve("deed.pdf.receipt.json");
    receipt.write(receiptFile, false);
  }

  @AfterEach
  void stop() {
    alice.close();
    relay.close();
    witness.close();
  }

  @Test
  void an_honest_receipt_verifies_offline_with_the_pins_the_pipe_kept() throws Exception {
    VerifiedReceipt verified = GhostPipe.verifyReceipt(deed, receiptFile, pins());

    assertEquals(HEX.formatHex(sha256(Files.readAllBytes(deed))), verified.documentSha256());
    assertEquals(FakeRelay.NAMESPACE, verified.namespace());
    assertEquals("alice", verified.deviceId());
    assertEquals(alice.publicKeys().fingerprint(), verified.fingerprint());
    assertEquals(FakeRelay.SECTOR, verified.sector());
    assertEquals(relay.notarised(), List.of(verified.ctIndex()));
    assertEquals(9, verified.pubkeyCtIndex());
    assertTrue(verified.treeSize() > verified.ctIndex());
    assertEquals(1, verified.cosignatures().size());
    assertEquals(witness.keyId(), verified.cosignatures().get(0).keyId());
    assertTrue(
        Duration.between(verified.signedAt(), Instant.now()).abs().toMinutes() < 5,
        "signed now: " + verified.signedAt());
    assertEquals(receipt.verified().documentSha256(), verified.documentSha256());
    assertEquals(receipt.verified().ctIndex(), verified.ctIndex());
    // the directly given pins say the same
    VerifiedReceipt direct =
        GhostPipe.verifyReceipt(
            deed,
            receiptFile,
            ReceiptPins.of(logKey(), relay.origin(), List.of(witness.publicKey()), 1));
    assertEquals(verified.ctIndex(), direct.ctIndex());
    assertEquals(verified.treeSize(), direct.treeSize());
    assertEquals(
        verified.cosignatures().get(0).cosignedAt(), direct.cosignatures().get(0).cosignedAt());
  }

  @Test
  void the_receipt_has_the_fields_of_docs_notary_md_in_their_order() {
    JsonObject json = receiptJson();
    assertEquals(
        List.of(
            "paramant_notary_receipt",
            "document_sha256",
            "signed_at_ms",
            "signature",
            "signer",
            "sector",
            "notary_leaf",
            "pubkey_leaf",
            "sth"),
        List.copyOf(json.keySet()));
    assertEquals(
        List.of(
            "namespace", "device_id", "kyber_pub", "ecdh_pub", "dsa_pub", "fingerprint", "binding"),
        List.copyOf(json.getJsonObject("signer").keySet()));
    assertEquals(
        List.of("ct_index", "inserted_at", "inclusion_proof"),
        List.copyOf(json.getJsonObject("notary_leaf").keySet()));
    assertEquals(1, json.getInt("paramant_notary_receipt"));
    assertEquals(4412, json.getString("signature").length(), "base64url, no padding");
    assertTrue(json.getJsonObject("sth").containsKey("cosignatures"));
    assertEquals(relay.origin(), json.getJsonObject("sth").getString("origin"));
  }

  @Test
  void one_changed_byte_of_the_document_is_document_changed() throws IOException {
    Path copy = temp.resolve("copy.pdf");
    byte[] bytes = Files.readAllBytes(deed);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(copy, bytes);

    ReceiptException refused =
        assertThrows(
            ReceiptException.class, () -> GhostPipe.verifyReceipt(copy, receiptFile, pins()));

    assertEquals(ReceiptException.Reason.DOCUMENT_CHANGED, refused.reason());
    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "document changed: " + copy + " has SHA-256 " + HEX.formatHex(sha256(bytes))),
        refused.getMessage());
  }

  @Test
  void a_changed_byte_of_the_signature_is_receipt_invalid() {
    byte[] signature = Base64.getUrlDecoder().decode(receiptJson().getString("signature"));
    signature[100] ^= 0x01;
    String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

    assertInvalid(
        json -> with(json, "signature", Json.createValue(edited)),
        "receipt invalid: the signature does not verify with the signer's ML-DSA-65 key");
  }

  @Test
  void a_changed_inserted_at_of_the_notary_leaf_is_receipt_invalid() {
    assertInvalid(
        json -> {
          JsonObject leaf = json.getJsonObject("notary_leaf");
          long at = leaf.getJsonNumber("inserted_at").longValue();
          return with(json, "notary_leaf", with(leaf, "inserted_at", Json.createValue(at + 1)));
        },
        "receipt invalid: the notary leaf rebuilt from the receipt is not proven as leaf "
            + receipt.verified().ctIndex());
  }

  @Test
  void a_changed_proof_hash_of_the_pubkey_leaf_is_receipt_invalid() {
    assertInvalid(
        json -> {
          JsonObject leaf = json.getJsonObject("pubkey_leaf");
          JsonArray proof = leaf.getJsonArray("inclusion_proof");
          JsonArrayBuilder edited = Json.createArrayBuilder();
          for (int i = 0; i < proof.size(); i++) {
            String hash = proof.getString(i);
            edited.add(i == 0 ? flipHex(hash) : hash);
          }
          return with(json, "pubkey_leaf", with(leaf, "inclusion_proof", edited.build()));
        },
        "receipt invalid: the pubkey leaf rebuilt from the receipt is not proven as leaf 9");
  }

  @Test
  void a_changed_root_of_the_tree_head_is_receipt_invalid() {
    assertInvalid(
        json -> {
          JsonObject sth = json.getJsonObject("sth");
          return with(
              json,
              "sth",
              with(sth, "root_hash", Json.createValue(flipHex(sth.getString("root_hash")))));
        },
        "receipt invalid: the tree head of size "
            + receipt.verified().treeSize()
            + " does not verify with the pinned log key");
  }

  @Test
  void a_changed_byte_of_the_signers_key_is_receipt_invalid() {
    assertInvalid(
        json -> {
          JsonObject signer = json.getJsonObject("signer");
          return with(
              json,
              "signer",
              with(signer, "dsa_pub", Json.createValue(flipHex(signer.getString("dsa_pub")))));
        },
        "receipt invalid: the signer's keys have fingerprint ");
  }

  @Test
  void another_device_id_is_a_binding_that_is_not_logged() {
    assertInvalid(
        json -> {
          JsonObject signer = json.getJsonObject("signer");
          return with(json, "signer", with(signer, "device_id", Json.createValue("mallory")));
        },
        "receipt invalid: the binding of account:tester and device mallory is ");
  }

  @Test
  void a_stripped_cosignature_misses_the_witness_quorum() {
    assertInvalid(
        json -> {
          JsonObject sth = json.getJsonObject("sth");
          return with(json, "sth", with(sth, "cosignatures", JsonValue.EMPTY_JSON_ARRAY));
        },
        "receipt invalid: the tree head of size "
            + receipt.verified().treeSize()
            + " has 0 valid cosignature(s) of distinct pinned witnesses, 1 required");
  }

  @Test
  void another_pinned_log_key_or_witness_refuses_the_receipt() {
    byte[] otherLogKey;
    try (FakeRelay other = FakeRelay.start(temp.resolve("other"));
        FakeWitness stranger = FakeWitness.start()) {
      otherLogKey = keyOf(other);
      ReceiptException wrongLog =
          assertThrows(
              ReceiptException.class,
              () ->
                  GhostPipe.verifyReceipt(
                      deed,
                      receiptFile,
                      ReceiptPins.of(otherLogKey, relay.origin(), List.of(), 0)));
      ReceiptException wrongWitness =
          assertThrows(
              ReceiptException.class,
              () ->
                  GhostPipe.verifyReceipt(
                      deed,
                      receiptFile,
                      ReceiptPins.of(logKey(), relay.origin(), List.of(stranger.publicKey()), 1)));
      assertEquals(ReceiptException.Reason.RECEIPT_INVALID, wrongLog.reason());
      assertTrue(wrongLog.getMessage().contains(", not the pinned key "), wrongLog.getMessage());
      assertEquals(ReceiptException.Reason.RECEIPT_INVALID, wrongWitness.reason());
      assertTrue(
          wrongWitness.getMessage().contains("has 0 valid cosignature(s)"),
          wrongWitness.getMessage());
    }
  }

  @Test
  void garbage_and_a_receipt_without_a_field_are_unparseable() throws IOException {
    Path garbage = temp.resolve("garbage.json");
    Files.writeString(garbage, "{\"paramant_notary_receipt\": 1, \"signature\": ");
    Path missing = temp.resolve("missing.json");
    JsonObject json = receiptJson();
    JsonObjectBuilder without = Json.createObjectBuilder(json);
    without.remove("sector");
    Files.writeString(missing, without.build().toString());

    ReceiptException notJson =
        assertThrows(ReceiptException.class, () -> GhostPipe.verifyReceipt(deed, garbage, pins()));
    ReceiptException noSector =
        assertThrows(ReceiptException.class, () -> GhostPipe.verifyReceipt(deed, missing, pins()));

    assertEquals(ReceiptException.Reason.UNPARSEABLE, notJson.reason());
    assertEquals(
        "receipt unparseable: " + garbage + ": not one JSON object with distinct keys",
        notJson.getMessage());
    assertEquals(ReceiptException.Reason.UNPARSEABLE, noSector.reason());
    assertEquals("receipt unparseable: " + missing + ": sector is missing", noSector.getMessage());
  }

  @Test
  void a_receipt_is_never_written_over_an_existing_file_unless_replacing() throws IOException {
    java.io.UncheckedIOException refused =
        assertThrows(java.io.UncheckedIOException.class, () -> receipt.write(receiptFile, false));
    assertTrue(refused.getCause() instanceof FileAlreadyExistsException);

    Files.writeString(receiptFile, "old");
    receipt.write(receiptFile, true);
    assertArrayEquals(receipt.json(), Files.readAllBytes(receiptFile));
  }

  @Test
  void notarising_by_did_signs_the_notary_request_with_the_devices_key() throws IOException {
    alice.registerDid();
    try (GhostPipe byDid = pipe(DeviceAuth.DID)) {
      NotaryReceipt second = byDid.notarise(deed);

      assertTrue(
          relay.credentials().contains("did POST /v2/notary"), relay.credentials().toString());
      Path file = temp.resolve("second.json");
      second.write(file, false);
      assertEquals(
          second.verified().ctIndex(), GhostPipe.verifyReceipt(deed, file, pins()).ctIndex());
    }
  }

  @Test
  void a_relay_that_serves_a_bad_proof_gets_no_receipt_written() {
    relay.editLeavesAnswers(
        answer -> {
          JsonObject leaf = answer.getJsonArray("leaves").getJsonObject(0);
          JsonArray proof = leaf.getJsonArray("inclusion_proof");
          JsonArrayBuilder edited = Json.createArrayBuilder();
          proof.forEach(h -> edited.add(flipHex(((jakarta.json.JsonString) h).getString())));
          return with(
              answer,
              "leaves",
              Json.createArrayBuilder().add(with(leaf, "inclusion_proof", edited.build())).build());
        });

    LogVerificationException refused =
        assertThrows(LogVerificationException.class, () -> alice.notarise(deed));

    assertEquals(LogVerificationException.Reason.NOT_INCLUDED, refused.reason());
    assertTrue(
        refused.getMessage().contains("the relay's answers do not make a valid receipt"),
        refused.getMessage());
  }

  @Test
  void an_unregistered_device_signs_nothing() throws IOException {
    try (GhostPipe carol =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(FakeRelay.API_KEY)
            .deviceId("carol")
            .keyDirectory(Files.createDirectories(temp.resolve("carol")))
            .stateDirectory(temp.resolve("carol"))
            .retries(2, Duration.ofMillis(1), Duration.ofMillis(2))
            .build()) {
      DeviceKeys.generate().store(temp.resolve("carol"));
      TransferException refused = assertThrows(TransferException.class, () -> carol.notarise(deed));
      assertEquals(TransferException.Reason.UNKNOWN_DEVICE, refused.reason());
      assertEquals(1, relay.notarised().size(), "nothing but alice's deed was logged");
    }
  }

  // ------------------------------------------------------------------------------------------------

  private GhostPipe pipe(DeviceAuth auth) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(FakeRelay.API_KEY)
        .deviceId("alice")
        .sector(FakeRelay.SECTOR)
        .deviceAuth(auth)
        .witness(witness.uri(), witness.keyId())
        .keyDirectory(temp.resolve("alice"))
        .stateDirectory(temp.resolve("alice"))
        .retries(4, Duration.ofMillis(1), Duration.ofMillis(5))
        .receiptWait(Duration.ofSeconds(10))
        .build();
  }

  /** The pins alice's pipe kept, read offline. */
  private ReceiptPins pins() {
    return ReceiptPins.forRelay(relay.uri())
        .stateDirectory(temp.resolve("alice"))
        .witness(witness.uri(), witness.keyId())
        .build();
  }

  private byte[] logKey() {
    return keyOf(relay);
  }

  private static byte[] keyOf(FakeRelay relay) {
    try {
      java.net.http.HttpResponse<String> answer =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(relay.uri().resolve("v2/ct/sth")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return HEX.parseHex(
          Json.createReader(new StringReader(answer.body())).readObject().getString("public_key"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonObject receiptJson() {
    return Json.createReader(new StringReader(new String(receipt.json(), StandardCharsets.UTF_8)))
        .readObject();
  }

  /** Writes the edited receipt and checks it is refused as invalid with a message so starting. */
  private void assertInvalid(UnaryOperator<JsonObject> edit, String messageStart) {
    Path edited = temp.resolve("edited.json");
    try {
      Files.writeString(edited, edit.apply(receiptJson()).toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ReceiptException refused =
        assertThrows(ReceiptException.class, () -> GhostPipe.verifyReceipt(deed, edited, pins()));
    assertEquals(ReceiptException.Reason.RECEIPT_INVALID, refused.reason(), refused.getMessage());
    assertTrue(refused.getMessage().startsWith(messageStart), refused.getMessage());
  }

  private static JsonObject with(JsonObject json, String name, JsonValue value) {
    return Json.createObjectBuilder(json).add(name, value).build();
  }

  private static String flipHex(String hex) {
    char first = hex.charAt(0);
    return (first == '0' ? '1' : '0') + hex.substring(1);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
