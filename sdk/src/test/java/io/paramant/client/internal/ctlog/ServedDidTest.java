package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.KEY_MISMATCH;
import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;
import static io.paramant.client.LogVerificationException.Reason.NOT_INCLUDED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.LogVerificationException;
import io.paramant.client.PublicKeys;
import io.paramant.client.testing.DidDocuments;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DID documents of docs/did.md read and checked against the relay's real log: the DID must be the
 * one of the served keys, and the {@code did} leaf rebuilt here must be proven under the head.
 */
class ServedDidTest {

  private static final HexFormat HEX = HexFormat.of();

  private static DeviceKeys device;
  private static DeviceKeys other;

  @TempDir Path data;

  private SectorLog log;
  private String did;
  private long index;

  @BeforeAll
  static void keys() {
    device = DeviceKeys.generate();
    other = DeviceKeys.generate();
  }

  @AfterAll
  static void wipe() {
    device.destroy();
    other.destroy();
  }

  @BeforeEach
  void logTheDid() {
    log = RelayLogs.open(data);
    RelayLogs.appendTransfers(log, 5);
    did = device.did();
    index = log.appendDid(did);
    RelayLogs.appendTransfers(log, 6);
  }

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void an_honest_document_is_read_and_its_leaf_is_proven_under_the_head() {
    ServedDid served = ServedDid.read(did, served(json -> json));
    LogAudit.checkDid(log.sth(), served);

    PublicKeys keys = device.publicKeys();
    assertEquals(did, served.did());
    assertArrayEquals(keys.mlDsa().orElseThrow(), served.mlDsa());
    assertArrayEquals(keys.ecdh(), served.p256());
    assertEquals(RelayLogs.SECTOR, served.sector());
    assertEquals(index, served.ctIndex());
    assertEquals(12, served.treeSize());
    assertArrayEquals(log.sth().rootHash(), served.sth().head().rootHash());
  }

  @Test
  void keys_that_are_not_the_dids_are_refused() {
    byte[] answer = document(did, other.publicKeys(), index, log.sth()).toString().getBytes();

    LogVerificationException e =
        assertThrows(LogVerificationException.class, () -> ServedDid.read(did, answer));

    assertEquals(KEY_MISMATCH, e.reason());
    assertEquals(
        "device keys do not match their logged registration: the keys served for "
            + did
            + " are the keys of "
            + other.did(),
        e.getMessage());
  }

  @Test
  void a_proof_that_does_not_lead_to_the_root_is_refused() {
    ServedDid flipped =
        ServedDid.read(did, served(json -> replaceLog(json, "inclusion_proof", flipFirst(json))));
    ServedDid elsewhere =
        ServedDid.read(
            did, served(json -> replaceLog(json, "ct_index", Json.createValue(index + 1))));

    for (ServedDid bad : new ServedDid[] {flipped, elsewhere}) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> LogAudit.checkDid(log.sth(), bad));
      assertEquals(NOT_INCLUDED, e.reason(), e::getMessage);
    }
    LogVerificationException forgedRoot =
        assertThrows(
            LogVerificationException.class,
            () ->
                LogAudit.checkDid(
                    RelayLogs.withFlippedRoot(log.sth()), ServedDid.read(did, served(j -> j))));
    assertEquals(NOT_INCLUDED, forgedRoot.reason());
    assertTrue(
        forgedRoot
            .getMessage()
            .startsWith(
                "blob not in the log: the registration of "
                    + did
                    + " is not proven as leaf "
                    + index
                    + " of the tree of size 12"),
        forgedRoot::getMessage);
  }

  @Test
  void a_leaf_hash_or_time_that_is_not_the_rebuilt_leafs_is_refused() {
    ServedDid otherTime =
        ServedDid.read(
            did,
            served(json -> replaceLog(json, "inserted_at", Json.createValue(1_765_000_000_000L))));
    ServedDid otherHash =
        ServedDid.read(
            did, served(json -> replaceLog(json, "leaf_hash", Json.createValue("00".repeat(32)))));
    ServedDid otherSize =
        ServedDid.read(did, served(json -> replaceLog(json, "tree_size", Json.createValue(11))));

    for (ServedDid bad : new ServedDid[] {otherTime, otherHash, otherSize}) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> LogAudit.checkDid(log.sth(), bad));
      assertEquals(MALFORMED_RESPONSE, e.reason(), e::getMessage);
    }
  }

  @Test
  void documents_of_another_shape_are_malformed() {
    String sig = did + "#sig";
    String malformed[][] = {
      {"another id", "id is not the DID asked for"},
      {"padded key", "pub is not the unpadded base64url of 1952 bytes"},
      {"short coordinate", "x is not the unpadded base64url of 32 bytes"},
      {"third key", "verificationMethod does not hold exactly two keys"},
      {"two sig keys", "verificationMethod is not one #sig and one #kex"},
      {"authentication by kex", "authentication is not exactly the reference " + sig},
      {"off the curve", "the #kex key is not a point on P-256"},
      {"no log", "paramantLog is missing"},
      {"other alg", "the #sig key is not an AKP key of alg ML-DSA-65"},
    };
    for (String[] test : malformed) {
      byte[] answer = served(json -> edit(test[0], json));
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> ServedDid.read(did, answer), test[0]);
      assertEquals(MALFORMED_RESPONSE, e.reason(), test[0]);
      assertEquals(
          "malformed response from the relay: GET /v2/did/" + did + ": " + test[1],
          e.getMessage(),
          test[0]);
    }
  }

  @Test
  void the_did_syntax_is_did_paramant_and_32_base32_characters() {
    assertTrue(ServedDid.isDid(did));
    for (String bad :
        new String[] {
          "did:paramant:" + "a".repeat(31),
          "did:paramant:" + "a".repeat(33),
          "did:paramant:" + "A".repeat(32),
          "did:paramant:" + "1".repeat(32),
          "did:other:" + "a".repeat(32),
          null
        }) {
      assertEquals(false, ServedDid.isDid(bad), bad);
    }
  }

  // ----------------------------------------------------------------------------------------------

  private JsonObject edit(String what, JsonObject json) {
    JsonArray methods = json.getJsonArray("verificationMethod");
    JsonObject sigMethod = methods.getJsonObject(0);
    JsonObject kexMethod = methods.getJsonObject(1);
    return switch (what) {
      case "another id" -> with(json, "id", Json.createValue(other.did()));
      case "padded key" ->
          withMethods(
              json,
              withJwk(
                  sigMethod, "pub", sigMethod.getJsonObject("publicKeyJwk").getString("pub") + "="),
              kexMethod);
      case "short coordinate" -> withMethods(json, sigMethod, withJwk(kexMethod, "x", "AAAA"));
      case "third key" ->
          with(json, "verificationMethod", Json.createArrayBuilder(methods).add(kexMethod).build());
      case "two sig keys" -> withMethods(json, sigMethod, sigMethod);
      case "authentication by kex" ->
          with(json, "authentication", Json.createArrayBuilder().add(did + "#kex").build());
      case "off the curve" ->
          withMethods(json, sigMethod, withJwk(kexMethod, "y", "A".repeat(42) + "E"));
      case "no log" -> without(json, "paramantLog");
      case "other alg" -> withMethods(json, withJwk(sigMethod, "alg", "ML-DSA-87"), kexMethod);
      default -> throw new AssertionError(what);
    };
  }

  private static JsonObject withMethods(JsonObject json, JsonObject first, JsonObject second) {
    return with(
        json, "verificationMethod", Json.createArrayBuilder().add(first).add(second).build());
  }

  private static JsonObject withJwk(JsonObject method, String name, String value) {
    return with(
        method,
        "publicKeyJwk",
        with(method.getJsonObject("publicKeyJwk"), name, Json.createValue(value)));
  }

  private static JsonObject with(JsonObject json, String name, JsonValue value) {
    return Json.createObjectBuilder(json).add(name, value).build();
  }

  private static JsonObject without(JsonObject json, String name) {
    return Json.createObjectBuilder(json).remove(name).build();
  }

  private static JsonObject replaceLog(JsonObject json, String name, JsonValue value) {
    return with(json, "paramantLog", with(json.getJsonObject("paramantLog"), name, value));
  }

  private static JsonValue flipFirst(JsonObject json) {
    JsonArray proof = json.getJsonObject("paramantLog").getJsonArray("inclusion_proof");
    byte[] first = HEX.parseHex(proof.getString(0));
    first[0] ^= 1;
    return Json.createArrayBuilder(proof).set(0, HEX.formatHex(first)).build();
  }

  /** The honest document of the device's DID against the log's head, as {@code edit} makes it. */
  private byte[] served(UnaryOperator<JsonObject> edit) {
    return edit.apply(document(did, device.publicKeys(), index, log.sth()))
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private JsonObject document(String did, PublicKeys keys, long index, SignedTreeHead head) {
    LogEntry leaf = log.entry(index);
    InclusionProof proof = log.inclusionProof(index, head.treeSize());
    return DidDocuments.document(
            did,
            keys.mlDsa().orElseThrow(),
            keys.ecdh(),
            DidDocuments.paramantLog(leaf, index, proof, treeHead(head)))
        .build();
  }

  private JsonObjectBuilder treeHead(SignedTreeHead head) {
    return Json.createObjectBuilder()
        .add("tree_size", head.treeSize())
        .add("root_hash", HEX.formatHex(head.rootHash()))
        .add("timestamp", head.timestampMillis())
        .add("signature", HEX.formatHex(head.signature()))
        .add("algorithm", SignedTreeHead.ALGORITHM)
        .add("key_id", head.keyId())
        .add("public_key", HEX.formatHex(log.publicKey()));
  }
}
