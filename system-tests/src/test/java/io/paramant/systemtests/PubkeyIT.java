package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The device key directory ({@code /v2/pubkey}) through HTTP, with real device keys (Bouncy Castle,
 * as the client makes them): registration in hex and base64, the alias names, ML-KEM-only devices,
 * refusals, the scope of device ids, the plan's device limit, survival of a crash, and the
 * inclusion proof a sender checks before it uses the keys. The fingerprint is recomputed here from
 * its definition (SHA3-256 over the concatenated keys, absent keys omitted), never taken on trust.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PubkeyIT {

  /**
   * The first start of sector legal for the crash test, which runs last: the sector boots while the
   * other tests run, instead of in the crash test's own time. Null on Payara Server.
   */
  private static java.util.concurrent.CompletableFuture<URI> legal;

  private static final HexFormat HEX = HexFormat.of();

  /** Key generation (ML-KEM, ML-DSA) takes a moment: a few devices serve every test. */
  private static final List<PublicKeys> DEVICES =
      List.of(PublicKeys.generate(), PublicKeys.generate(), PublicKeys.generate());

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @BeforeAll
  static void startLegal() {
    if (!"server".equals(System.getProperty("paramant.deployment"))) {
      legal =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> Deployment.up(Deployment.LEGAL));
    }
  }

  /**
   * Stops legal again (a start still under way is waited for first): other tests expect it down.
   */
  @AfterAll
  static void stopLegal() {
    if (legal != null && legal.exceptionally(failed -> null).join() != null) {
      Deployment.down(Deployment.LEGAL);
    }
  }

  @Test
  void hex_registration_is_fetched_in_lowercase_hex_with_a_proof_that_verifies() {
    String key = Deployment.newAccount("pro").apiKey();
    PublicKeys keys = DEVICES.get(0);
    String id = deviceId();

    JsonObject registered =
        json(
            register(
                key,
                Json.createObjectBuilder()
                    .add("device_id", id)
                    .add("kyber_pub", keys.mlKemHex().toUpperCase())
                    .add("ecdh_pub", keys.ecdhHex())
                    .add("dsa_pub", keys.mlDsaHex().orElseThrow())));

    assertEquals(
        Set.of("ok", "device_id", "fingerprint", "ct_index", "hybrid"), registered.keySet());
    assertTrue(registered.getBoolean("ok"));
    assertEquals(id, registered.getString("device_id"));
    assertEquals(
        keys.fingerprint(), registered.getString("fingerprint"), "SHA3-256 of the three keys");
    assertTrue(registered.getBoolean("hybrid"));
    long ctIndex = registered.getJsonNumber("ct_index").longValue();

    JsonObject fetched = json(relay.get("/v2/pubkey/" + id, key));

    assertEquals(keys.mlKemHex(), fetched.getString("kyber_pub"));
    assertEquals(keys.ecdhHex(), fetched.getString("ecdh_pub"));
    assertEquals(keys.mlDsaHex().orElseThrow(), fetched.getString("dsa_pub"));
    assertEquals(keys.fingerprint(), fetched.getString("fingerprint"));
    assertTrue(fetched.getBoolean("hybrid"));
    assertEquals(ctIndex, fetched.getJsonNumber("ct_index").longValue());
    assertEquals("main", fetched.getString("sector"));
    verifyRegistrationProof(fetched);
  }

  @Test
  void base64_registration_with_the_alias_names_gives_the_same_keys_and_fingerprint() {
    String key = Deployment.newAccount("pro").apiKey();
    PublicKeys keys = DEVICES.get(1);
    String id = deviceId();
    Base64.Encoder b64 = Base64.getEncoder();

    JsonObject registered =
        json(
            register(
                key,
                Json.createObjectBuilder()
                    .add("device_id", id)
                    .add("kem_pub", b64.encodeToString(keys.mlKem()))
                    .add("ecdh_pub", b64.encodeToString(keys.ecdh()))
                    .add("sig_pub", b64.encodeToString(keys.mlDsa().orElseThrow()))
                    .add("client_version", "an unknown field is ignored")));

    assertEquals(keys.fingerprint(), registered.getString("fingerprint"));
    JsonObject fetched = json(relay.get("/v2/pubkey/" + id, key));
    assertEquals(keys.mlKemHex(), fetched.getString("kyber_pub"));
    assertEquals(keys.mlDsaHex().orElseThrow(), fetched.getString("dsa_pub"));
    verifyRegistrationProof(fetched);
  }

  @Test
  void an_ml_kem_only_device_is_not_hybrid_and_has_no_ecdh_key() {
    String key = Deployment.newAccount("pro").apiKey();
    PublicKeys keys = DEVICES.get(2);
    String id = deviceId();

    JsonObject registered =
        json(
            register(
                key,
                Json.createObjectBuilder().add("device_id", id).add("kyber_pub", keys.mlKemHex())));

    assertFalse(registered.getBoolean("hybrid"));
    assertEquals(sha3Hex(keys.mlKem()), registered.getString("fingerprint"));
    JsonObject fetched = json(relay.get("/v2/pubkey/" + id, key));
    assertFalse(fetched.getBoolean("hybrid"));
    assertFalse(fetched.containsKey("ecdh_pub"));
    assertFalse(fetched.containsKey("dsa_pub"));
    verifyRegistrationProof(fetched);
  }

  @Test
  void the_same_keys_again_answer_the_first_registration_and_add_no_leaf() {
    String key = Deployment.newAccount("pro").apiKey();
    PublicKeys keys = DEVICES.get(0);
    String id = deviceId();
    JsonObject first = json(register(key, hybrid(id, keys)));
    long treeSize = treeSize();

    HttpResponse<byte[]> again =
        register(
            key,
            Json.createObjectBuilder()
                .add("device_id", id)
                .add("kyber_pub", Base64.getEncoder().encodeToString(keys.mlKem()))
                .add("ecdh_pub", Base64.getEncoder().encodeToString(keys.ecdh())));

    assertEquals(200, again.statusCode(), () -> RelayApi.text(again));
    assertEquals(first, json(again));
    assertEquals(treeSize, treeSize(), "no second leaf");
  }

  @Test
  void other_keys_under_a_registered_device_id_are_a_409_and_change_nothing() {
    String key = Deployment.newAccount("pro").apiKey();
    String id = deviceId();
    json(register(key, hybrid(id, DEVICES.get(0))));
    long treeSize = treeSize();

    assertError(register(key, hybrid(id, DEVICES.get(1))), 409, "device_key_conflict");
    assertError(register(key, full(id, DEVICES.get(0))), 409, "device_key_conflict");

    assertEquals(treeSize, treeSize());
    assertEquals(
        DEVICES.get(0).mlKemHex(), json(relay.get("/v2/pubkey/" + id, key)).getString("kyber_pub"));
  }

  @Test
  void another_account_does_not_see_the_device_and_may_use_the_same_id() {
    String owner = Deployment.newAccount("pro").apiKey();
    String stranger = Deployment.newAccount("pro").apiKey();
    String id = deviceId();
    json(register(owner, hybrid(id, DEVICES.get(0))));

    assertError(relay.get("/v2/pubkey/" + id, stranger), 404, "not_found");
    assertError(relay.get("/v2/pubkey/never-registered", owner), 404, "not_found");
    // a device id is per account: the stranger's own device of that id is another device
    json(register(stranger, hybrid(id, DEVICES.get(1))));
    assertEquals(
        DEVICES.get(0).mlKemHex(),
        json(relay.get("/v2/pubkey/" + id, owner)).getString("kyber_pub"));
    assertEquals(
        DEVICES.get(1).mlKemHex(),
        json(relay.get("/v2/pubkey/" + id, stranger)).getString("kyber_pub"));
  }

  @Test
  void a_free_account_registers_five_devices_and_the_sixth_is_refused() {
    String key = Deployment.newAccount("free").apiKey();
    for (int i = 0; i < 5; i++) {
      json(register(key, hybrid("free-device-" + i, DEVICES.get(i % DEVICES.size()))));
    }

    assertError(
        register(key, hybrid("free-device-5", DEVICES.get(0))), 403, "device_limit_reached");
    // repeating a registration is not a new device
    assertEquals(200, register(key, hybrid("free-device-0", DEVICES.get(0))).statusCode());
  }

  @Test
  void wrong_lengths_bad_encodings_and_bad_points_are_400_with_specific_codes() {
    String key = Deployment.apiKey("pro");
    PublicKeys keys = DEVICES.get(0);
    Base64.Encoder b64 = Base64.getEncoder();
    String kem = keys.mlKemHex();
    String ecdh = keys.ecdhHex();

    assertError(
        register(key, body("kyber_pub", b64.encodeToString(Arrays.copyOf(keys.mlKem(), 1183)))),
        400,
        "invalid_key_length");
    assertError(register(key, body("kyber_pub", kem.substring(2))), 400, "invalid_key_encoding");
    // hex of a wrong length is read as base64 (its digits are base64 characters)
    assertError(register(key, body("kyber_pub", kem + "0000")), 400, "invalid_key_length");
    assertError(
        register(key, body("kyber_pub", kem, "ecdh_pub", ecdh.substring(2))),
        400,
        "invalid_key_length");
    assertError(
        register(key, body("kyber_pub", kem, "ecdh_pub", "04" + "zz".repeat(64))),
        400,
        "invalid_key_encoding");
    assertError(
        register(
            key,
            body(
                "kyber_pub",
                kem,
                "dsa_pub",
                b64.encodeToString(Arrays.copyOf(keys.mlDsa().orElseThrow(), 1951)))),
        400,
        "invalid_key_length");
    assertError(register(key, body("kyber_pub", "***")), 400, "invalid_key_encoding");
    String unpadded = b64.encodeToString(keys.ecdh()).replace("=", "");
    assertError(
        register(key, body("kyber_pub", kem, "ecdh_pub", unpadded)), 400, "invalid_key_encoding");
    byte[] offCurve = keys.ecdh();
    offCurve[64] ^= 1;
    assertError(
        register(key, body("kyber_pub", kem, "ecdh_pub", HEX.formatHex(offCurve))),
        400,
        "invalid_key");
    byte[] compressedPrefix = keys.ecdh();
    compressedPrefix[0] = 0x02;
    assertError(
        register(key, body("kyber_pub", kem, "ecdh_pub", HEX.formatHex(compressedPrefix))),
        400,
        "invalid_key");
    assertError(register(key, body("kyber_pub", "ff".repeat(1184))), 400, "invalid_key");
  }

  @Test
  void malformed_requests_are_400_and_never_reach_the_log() {
    String key = Deployment.apiKey("pro");
    String kem = DEVICES.get(0).mlKemHex();
    long treeSize = treeSize();

    assertError(send(key, "{\"device_id\":"), 400, "malformed_json");
    assertError(send(key, "[]"), 400, "malformed_json");
    assertError(
        send(key, "{\"device_id\":\"a\",\"device_id\":\"b\",\"kyber_pub\":\"" + kem + "\"}"),
        400,
        "malformed_json");
    assertError(send(key, "{\"kyber_pub\":\"" + kem + "\"}"), 400, "missing_field");
    assertError(
        send(key, "{\"device_id\":\"x\",\"ecdh_pub\":\"" + DEVICES.get(0).ecdhHex() + "\"}"),
        400,
        "missing_field");
    assertError(send(key, "{\"device_id\":\"x\",\"kyber_pub\":1184}"), 400, "invalid_field");
    assertError(
        send(key, "{\"device_id\":\"a b\",\"kyber_pub\":\"" + kem + "\"}"),
        400,
        "invalid_device_id");
    assertError(
        send(
            key,
            "{\"device_id\":\"x\",\"kyber_pub\":\""
                + kem
                + "\",\"kem_pub\":\""
                + DEVICES.get(1).mlKemHex()
                + "\"}"),
        400,
        "conflicting_fields");
    assertError(
        send(key, "{\"device_id\":\"x\",\"pad\":\"" + "x".repeat(70_000) + "\"}"),
        413,
        "payload_too_large");
    assertError(relay.get("/v2/pubkey/" + "x".repeat(129), key), 400, "invalid_device_id");

    assertEquals(treeSize, treeSize());
  }

  @Test
  void both_routes_need_a_key() {
    assertError(register(null, hybrid(deviceId(), DEVICES.get(0))), 401, "missing_key");
    assertError(
        register("pgp_" + "0".repeat(64), hybrid(deviceId(), DEVICES.get(0))), 401, "invalid_key");
    assertError(relay.get("/v2/pubkey/anything", null), 401, "missing_key");
    assertError(relay.get("/v2/pubkey", null), 401, "missing_key");
    assertError(relay.get("/v2/pubkey", "pgp_" + "0".repeat(64)), 401, "invalid_key");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void registrations_survive_a_crash_of_the_relay() {
    assumeFalse(
        "server".equals(System.getProperty("paramant.deployment")),
        "the launcher starts and kills sectors on Payara Micro only");
    String key = Deployment.apiKey("pro");
    // Deployment.up(LEGAL), started before all
    RelayApi legal = new RelayApi(PubkeyIT.legal.join());
    String id = deviceId();
    JsonObject registered =
        json(legal.send(registerRequest(legal, key, full(id, DEVICES.get(1)).build().toString())));

    Deployment.kill(Deployment.LEGAL);
    legal = new RelayApi(Deployment.up(Deployment.LEGAL));

    JsonObject fetched = json(legal.get("/v2/pubkey/" + id, key));
    assertEquals(registered.getString("fingerprint"), fetched.getString("fingerprint"));
    assertEquals(registered.getJsonNumber("ct_index"), fetched.getJsonNumber("ct_index"));
    assertEquals(DEVICES.get(1).mlDsaHex().orElseThrow(), fetched.getString("dsa_pub"));
    assertEquals("legal", fetched.getString("sector"));
    verifyRegistrationProof(fetched);
    HttpResponse<byte[]> again =
        legal.send(registerRequest(legal, key, full(id, DEVICES.get(1)).build().toString()));
    assertEquals(
        registered, json(again), "the same keys after the restart: the first registration");
    assertError(
        legal.send(registerRequest(legal, key, full(id, DEVICES.get(2)).build().toString())),
        409,
        "device_key_conflict");
  }

  @Test
  void the_namespace_directory_lists_exactly_the_team_devices_against_one_head() {
    TestAccount lead = Deployment.newAccount("pro");
    TestAccount member = Deployment.newAccount("pro", lead.label());
    TestAccount other = Deployment.newAccount("free", lead.label());
    String team = "team:" + lead.label();
    // the lead has no team of its own: its devices are in account:<lead>, not in the team's
    json(register(lead.apiKey(), hybrid("leads-own", DEVICES.get(0))));
    json(register(member.apiKey(), full("scanner", DEVICES.get(0))));
    json(register(other.apiKey(), hybrid("printer", DEVICES.get(1))));
    json(register(member.apiKey(), onlyKem("archive", DEVICES.get(2))));

    for (TestAccount reader : List.of(member, other)) {
      JsonObject directory = json(relay.get("/v2/pubkey", reader.apiKey()));

      assertEquals(Set.of("ok", "namespace", "tree_size", "sth", "devices"), directory.keySet());
      assertTrue(directory.getBoolean("ok"));
      assertEquals(team, directory.getString("namespace"));
      assertEquals(List.of("archive", "printer", "scanner"), deviceIds(directory));
      verifyDirectory(directory, team);
      JsonObject scanner = device(directory, "scanner");
      assertEquals(DEVICES.get(0).fingerprint(), scanner.getString("fingerprint"));
      assertEquals(DEVICES.get(0).mlDsaHex().orElseThrow(), scanner.getString("dsa_pub"));
      assertEquals(DEVICES.get(1).ecdhHex(), device(directory, "printer").getString("ecdh_pub"));
      assertFalse(device(directory, "archive").getBoolean("hybrid"));
    }
    // each device is exactly the single lookup's answer without its own head
    JsonObject directory = json(relay.get("/v2/pubkey", member.apiKey()));
    for (String id : List.of("archive", "printer", "scanner")) {
      JsonObject single = json(relay.get("/v2/pubkey/" + id, other.apiKey()));
      JsonObjectBuilder expected = Json.createObjectBuilder(single);
      expected.remove("tree_size");
      expected.remove("sth");
      expected.add("inclusion_proof", device(directory, id).getJsonArray("inclusion_proof"));
      assertEquals(expected.build(), device(directory, id), id);
    }
    JsonObject leads = json(relay.get("/v2/pubkey", lead.apiKey()));
    assertEquals("account:" + lead.label(), leads.getString("namespace"));
    assertEquals(List.of("leads-own"), deviceIds(leads));
    verifyDirectory(leads, "account:" + lead.label());
  }

  @Test
  void another_account_asking_for_the_directory_gets_only_its_own_devices() {
    TestAccount lead = Deployment.newAccount("pro");
    TestAccount member = Deployment.newAccount("pro", lead.label());
    TestAccount attacker = Deployment.newAccount("pro");
    TestAccount otherTeam = Deployment.newAccount("pro", "other-" + lead.label());
    json(register(member.apiKey(), full("gateway", DEVICES.get(0))));
    json(register(member.apiKey(), hybrid("sensor", DEVICES.get(1))));
    // the attacker registers a device under the team's device id, in its own namespace
    json(register(attacker.apiKey(), hybrid("gateway", DEVICES.get(2))));

    JsonObject attackers = json(relay.get("/v2/pubkey", attacker.apiKey()));
    JsonObject otherTeams = json(relay.get("/v2/pubkey", otherTeam.apiKey()));
    JsonObject fresh = json(relay.get("/v2/pubkey", Deployment.newAccount("free").apiKey()));

    assertEquals("account:" + attacker.label(), attackers.getString("namespace"));
    assertEquals(List.of("gateway"), deviceIds(attackers));
    assertEquals(DEVICES.get(2).mlKemHex(), device(attackers, "gateway").getString("kyber_pub"));
    verifyDirectory(attackers, "account:" + attacker.label());
    assertEquals("team:other-" + lead.label(), otherTeams.getString("namespace"));
    assertEquals(List.of(), deviceIds(otherTeams));
    assertEquals(List.of(), deviceIds(fresh));
    TransparencyLogIT.verifiedTreeHead(fresh.getJsonObject("sth"));
    // the team's own view is untouched by the attacker's device of the same id
    JsonObject teams = json(relay.get("/v2/pubkey", member.apiKey()));
    assertEquals(List.of("gateway", "sensor"), deviceIds(teams));
    assertEquals(DEVICES.get(0).mlKemHex(), device(teams, "gateway").getString("kyber_pub"));
    verifyDirectory(teams, "team:" + lead.label());
  }

  @Test
  void a_conflicting_registration_is_409_and_leaves_the_directory_as_it_was() {
    TestAccount lead = Deployment.newAccount("pro");
    TestAccount member = Deployment.newAccount("pro", lead.label());
    TestAccount other = Deployment.newAccount("pro", lead.label());
    json(register(member.apiKey(), hybrid("gateway", DEVICES.get(0))));
    JsonObject before = json(relay.get("/v2/pubkey", member.apiKey()));

    HttpResponse<byte[]> conflict = register(other.apiKey(), hybrid("gateway", DEVICES.get(1)));

    assertError(conflict, 409, "device_key_conflict");
    assertEquals(
        "409 {\"detail\":\"This device_id is already registered with different keys; register"
            + " the new keys under a new device_id.\",\"error\":\"device_key_conflict\",\"ok\":false}",
        RelayApi.text(conflict),
        "the 409 answer is unchanged");
    JsonObject after = json(relay.get("/v2/pubkey", other.apiKey()));
    assertEquals(before.getJsonArray("devices").size(), after.getJsonArray("devices").size());
    assertEquals(
        device(before, "gateway").getString("fingerprint"),
        device(after, "gateway").getString("fingerprint"));
    assertEquals(DEVICES.get(0).mlKemHex(), device(after, "gateway").getString("kyber_pub"));
  }

  /**
   * What a client does with a directory: one tree head, verified once; for every device, the
   * fingerprint recomputed from the served keys, the binding recomputed from the namespace it
   * expects and the device id, the version-2 leaf rebuilt and its inclusion verified against that
   * one head.
   */
  private void verifyDirectory(JsonObject directory, String namespace) {
    SignedTreeHead sth = TransparencyLogIT.verifiedTreeHead(directory.getJsonObject("sth"));
    assertEquals(sth.treeSize(), directory.getJsonNumber("tree_size").longValue());
    for (JsonObject device : directory.getJsonArray("devices").getValuesAs(JsonObject.class)) {
      assertFalse(device.containsKey("sth"), "one head for the whole directory");
      assertFalse(device.containsKey("tree_size"));
      assertEquals(namespace, device.getString("namespace"));
      String fingerprint =
          sha3Hex(
              HEX.parseHex(device.getString("kyber_pub")),
              HEX.parseHex(device.getString("ecdh_pub", "")),
              HEX.parseHex(device.getString("dsa_pub", "")));
      assertEquals(fingerprint, device.getString("fingerprint"));
      LogEntry leaf = rebuiltLeaf(device, namespace);
      byte[] leafHash = TreeHasher.SHA3_256.hashLeaf(leaf.encode());
      assertEquals(HEX.formatHex(leafHash), device.getString("leaf_hash"));
      long ctIndex = device.getJsonNumber("ct_index").longValue();
      assertTrue(ctIndex < sth.treeSize());
      List<byte[]> path =
          device.getJsonArray("inclusion_proof").getValuesAs(JsonString.class).stream()
              .map(s -> HEX.parseHex(s.getString()))
              .toList();
      new InclusionProof(ctIndex, sth.treeSize(), path)
          .verify(TreeHasher.SHA3_256, leafHash, sth.rootHash());
    }
  }

  /**
   * The version-2 {@code pubkey} leaf as a client rebuilds it: the binding of {@code namespace}
   * (what the client expects, not what was served) and the device id, the served fingerprint, the
   * sector and {@code inserted_at}; the served {@code binding} must be that one.
   */
  private static LogEntry rebuiltLeaf(JsonObject device, String namespace) {
    String binding = HEX.formatHex(DeviceBinding.of(namespace, device.getString("device_id")));
    assertEquals(binding, device.getString("binding"));
    assertEquals(
        device.getJsonNumber("inserted_at"),
        device.getJsonNumber("registered_at"),
        "registered_at is inserted_at under its older name");
    return new LogEntry(
        EntryType.PUBKEY,
        device.getString("fingerprint"),
        device.getString("sector"),
        device.getJsonNumber("inserted_at").longValue(),
        new LeafDetail.Pubkey(binding));
  }

  private static List<String> deviceIds(JsonObject directory) {
    return directory.getJsonArray("devices").getValuesAs(JsonObject.class).stream()
        .map(d -> d.getString("device_id"))
        .toList();
  }

  private static JsonObject device(JsonObject directory, String id) {
    return directory.getJsonArray("devices").getValuesAs(JsonObject.class).stream()
        .filter(d -> d.getString("device_id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not in " + directory));
  }

  /**
   * What a sender does before it uses fetched keys: verify the tree head's signature, rebuild the
   * leaf from the fingerprint, the sector and the registration time, and verify its inclusion.
   */
  private void verifyRegistrationProof(JsonObject fetched) {
    JsonObject sthJson = fetched.getJsonObject("sth");
    assertEquals(
        json(relay(fetched).get("/v2/ct/sth", null)).getString("key_id"),
        sthJson.getString("key_id"),
        "signed by the relay's pinned identity key");
    SignedTreeHead sth = TransparencyLogIT.verifiedTreeHead(sthJson);
    long ctIndex = fetched.getJsonNumber("ct_index").longValue();
    assertEquals(sth.treeSize(), fetched.getJsonNumber("tree_size").longValue());
    assertTrue(ctIndex < sth.treeSize());
    // the fingerprint is recomputed from the served keys, not taken on trust
    String fingerprint =
        sha3Hex(
            HEX.parseHex(fetched.getString("kyber_pub")),
            HEX.parseHex(fetched.getString("ecdh_pub", "")),
            HEX.parseHex(fetched.getString("dsa_pub", "")));
    assertEquals(fingerprint, fetched.getString("fingerprint"));
    LogEntry leaf = rebuiltLeaf(fetched, fetched.getString("namespace"));
    List<byte[]> path =
        fetched.getJsonArray("inclusion_proof").getValuesAs(JsonString.class).stream()
            .map(s -> HEX.parseHex(s.getString()))
            .toList();
    InclusionProof proof = new InclusionProof(ctIndex, sth.treeSize(), path);
    byte[] leafHash = TreeHasher.SHA3_256.hashLeaf(leaf.encode());
    proof.verify(TreeHasher.SHA3_256, leafHash, sth.rootHash());
    // and the proof is bound to the keys: another fingerprint does not verify
    byte[] otherLeaf =
        TreeHasher.SHA3_256.hashLeaf(
            new LogEntry(
                    EntryType.PUBKEY,
                    "00".repeat(32),
                    leaf.sector(),
                    leaf.insertedAtMillis(),
                    leaf.detail())
                .encode());
    assertThrows(
        InvalidProofException.class,
        () -> proof.verify(TreeHasher.SHA3_256, otherLeaf, sth.rootHash()));
    assertEquals(HEX.formatHex(leafHash), fetched.getString("leaf_hash"));
    // the public log shows the same leaf
    JsonObject logged =
        json(relay(fetched).get("/v2/ct/leaves?from=" + ctIndex + "&to=" + (ctIndex + 1), null))
            .getJsonArray("leaves")
            .getJsonObject(0);
    assertEquals("pubkey", logged.getString("type"));
    assertEquals(fingerprint, logged.getString("subject"));
    assertEquals(HEX.formatHex(leafHash), logged.getString("leaf_hash"));
  }

  private RelayApi relay(JsonObject fetched) {
    return fetched.getString("sector").equals(Deployment.MAIN)
        ? relay
        : new RelayApi(Deployment.baseUri(fetched.getString("sector")));
  }

  private long treeSize() {
    return json(relay.get("/v2/ct/sth", null)).getJsonNumber("tree_size").longValue();
  }

  private HttpResponse<byte[]> register(String key, JsonObjectBuilder body) {
    return send(key, body.build().toString());
  }

  private HttpResponse<byte[]> send(String key, String body) {
    return relay.send(registerRequest(relay, key, body));
  }

  private static HttpRequest registerRequest(RelayApi relay, String key, String body) {
    return relay
        .request("/v2/pubkey", key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** ML-KEM-768 and P-256, hex. */
  private static JsonObjectBuilder hybrid(String id, PublicKeys keys) {
    return Json.createObjectBuilder()
        .add("device_id", id)
        .add("kyber_pub", keys.mlKemHex())
        .add("ecdh_pub", keys.ecdhHex());
  }

  /** ML-KEM-768 only, hex. */
  private static JsonObjectBuilder onlyKem(String id, PublicKeys keys) {
    return Json.createObjectBuilder().add("device_id", id).add("kyber_pub", keys.mlKemHex());
  }

  /** All three keys, hex. */
  private static JsonObjectBuilder full(String id, PublicKeys keys) {
    return hybrid(id, keys).add("dsa_pub", keys.mlDsaHex().orElseThrow());
  }

  /** A registration of a fresh device id with the given fields. */
  private static JsonObjectBuilder body(String... fields) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("device_id", deviceId());
    for (int i = 0; i < fields.length; i += 2) {
      body.add(fields[i], fields[i + 1]);
    }
    return body;
  }

  private static String deviceId() {
    return "st-" + UUID.randomUUID();
  }

  /** SHA3-256 over the concatenated parts, as lowercase hex. */
  private static String sha3Hex(byte[]... parts) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (byte[] part : parts) {
        sha3.update(part);
      }
      return HEX.formatHex(sha3.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A device's public keys: ML-KEM-768 (1184 bytes), P-256 (65 bytes, SEC1 uncompressed) and
   * ML-DSA-65 (1952 bytes), freshly generated. Arrays are copied out, so a test may change them.
   */
  private record PublicKeys(byte[] mlKemKey, byte[] ecdhKey, byte[] mlDsaKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static PublicKeys generate() {
      MLKEMKeyPairGenerator kem = new MLKEMKeyPairGenerator();
      kem.init(new MLKEMKeyGenerationParameters(RANDOM, MLKEMParameters.ml_kem_768));
      MLDSAKeyPairGenerator dsa = new MLDSAKeyPairGenerator();
      dsa.init(new MLDSAKeyGenerationParameters(RANDOM, MLDSAParameters.ml_dsa_65));
      var curve = CustomNamedCurves.getByName("P-256");
      ECKeyPairGenerator ec = new ECKeyPairGenerator();
      ec.init(
          new ECKeyGenerationParameters(
              new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()),
              RANDOM));
      AsymmetricCipherKeyPair ecPair = ec.generateKeyPair();
      return new PublicKeys(
          ((MLKEMPublicKeyParameters) kem.generateKeyPair().getPublic()).getEncoded(),
          ((ECPublicKeyParameters) ecPair.getPublic()).getQ().getEncoded(false),
          ((MLDSAPublicKeyParameters) dsa.generateKeyPair().getPublic()).getEncoded());
    }

    byte[] mlKem() {
      return mlKemKey.clone();
    }

    byte[] ecdh() {
      return ecdhKey.clone();
    }

    Optional<byte[]> mlDsa() {
      return Optional.of(mlDsaKey.clone());
    }

    String mlKemHex() {
      return HEX.formatHex(mlKemKey);
    }

    String ecdhHex() {
      return HEX.formatHex(ecdhKey);
    }

    Optional<String> mlDsaHex() {
      return Optional.of(HEX.formatHex(mlDsaKey));
    }

    /** The fingerprint of all three keys. */
    String fingerprint() {
      return sha3Hex(mlKemKey, ecdhKey, mlDsaKey);
    }
  }
}
