package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;

/**
 * DIDs (docs/did.md) through HTTP: registration with proof of possession, the DID document and its
 * log proof, a whole transfer authenticated by DID, and the adversaries — a second device or
 * account that tries to re-bind a DID, a replayed or retargeted request, a body swapped under a
 * signature, a stale or reused request, a revoked account. The signer here is the test's own,
 * written from docs/did.md, not the SDK's.
 */
class DidIT {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void a_device_registers_its_did_resolves_it_with_a_proof_and_moves_a_whole_transfer_by_did() {
    String key = Deployment.newAccount("pro").apiKey();
    Device device = Device.generate();
    String deviceId = deviceId();
    registerKeys(relay, key, deviceId, device);

    HttpResponse<byte[]> first = registerDid(relay, key, deviceId, device, device);
    assertEquals(200, first.statusCode(), () -> text(first));
    JsonObject registered = json(first);
    assertEquals(java.util.Set.of("ok", "did", "ct_index"), registered.keySet());
    assertEquals(device.did(), registered.getString("did"), "the DID is recomputed from the keys");
    long ctIndex = registered.getJsonNumber("ct_index").longValue();
    // the same registration again: the same answer, no second leaf
    JsonObject again = json(registerDid(relay, key, deviceId, device, device));
    assertEquals(ctIndex, again.getJsonNumber("ct_index").longValue());

    HttpResponse<byte[]> resolved =
        relay.send(
            relay
                .request("/v2/did/" + device.did(), null)
                .header("Accept", "application/did+json")
                .GET()
                .build());
    assertEquals(200, resolved.statusCode(), () -> text(resolved));
    assertEquals(
        "application/did+json", resolved.headers().firstValue("Content-Type").orElseThrow());
    verifyDocument(document(resolved), device, ctIndex);

    // the whole transfer by DID: upload, status, download (once), ack, monitor, stream ticket
    byte[] blob = RelayApi.randomBlob(RelayApi.MAX_BLOB);
    String hash = RelayApi.sha256(blob);
    HttpResponse<byte[]> stored =
        relay.send(
            signed(
                    device,
                    "POST",
                    "/v2/inbound",
                    blob,
                    "application/octet-stream",
                    Map.of("X-Paramant-Hash", hash))
                .build());
    assertEquals(200, stored.statusCode(), () -> text(stored));
    assertEquals(hash, json(stored).getString("hash"));
    JsonObject status = json(relay.send(signed(device, "GET", "/v2/status/" + hash).build()));
    assertTrue(status.getBoolean("available"));
    HttpResponse<byte[]> download =
        relay.send(signed(device, "GET", "/v2/outbound/" + hash).build());
    assertEquals(200, download.statusCode(), () -> text(download));
    assertArrayEquals(blob, download.body());
    assertError(
        relay.send(signed(device, "GET", "/v2/outbound/" + hash).build()), 404, "not_found");
    byte[] ack = ("{\"hash\":\"" + hash + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> acked =
        relay.send(signed(device, "POST", "/v2/ack", ack, "application/json", Map.of()).build());
    assertEquals(200, acked.statusCode(), () -> text(acked));
    HttpResponse<byte[]> monitor = relay.send(signed(device, "GET", "/v2/monitor").build());
    assertEquals(200, monitor.statusCode(), () -> text(monitor));
    HttpResponse<byte[]> ticket =
        relay.send(signed(device, "POST", "/v2/ws-ticket", new byte[0], null, Map.of()).build());
    assertEquals(200, ticket.statusCode(), () -> text(ticket));
    assertFalse(json(ticket).getString("ticket").isEmpty());
  }

  @Test
  void nobody_re_binds_a_did_not_another_account_with_its_public_keys_nor_its_own_second_device() {
    String owner = Deployment.newAccount("pro").apiKey();
    Device device = Device.generate();
    String deviceId = deviceId();
    registerKeys(relay, owner, deviceId, device);
    assertEquals(200, registerDid(relay, owner, deviceId, device, device).statusCode());

    // another account copies the public keys into its own namespace and signs with its own key
    String attacker = Deployment.newAccount("pro").apiKey();
    Device impostor = Device.generate();
    registerKeys(relay, attacker, deviceId, device); // public keys: anyone can register them
    assertError(
        registerDid(relay, attacker, deviceId, device, impostor), 401, "did_signature_invalid");

    // the key holder itself cannot move its DID to a second device id, in any namespace
    String second = deviceId();
    registerKeys(relay, owner, second, device);
    assertError(registerDid(relay, owner, second, device, device), 409, "did_conflict");
    assertError(registerDid(relay, attacker, deviceId, device, device), 409, "did_conflict");

    // a victim's registration captured before it reaches the relay and sent first under another
    // account's key, whose namespace also holds the victim's public keys: it is signed for the
    // victim's namespace, so it binds nothing
    Device victim = Device.generate();
    String victimId = deviceId();
    registerKeys(relay, owner, victimId, victim);
    registerKeys(relay, attacker, victimId, victim);
    HttpRequest intercepted = registration(relay, owner, victimId, victim, victim).build();
    HttpRequest.Builder firstToArrive = HttpRequest.newBuilder(intercepted.uri());
    intercepted
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("X-Api-Key") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> firstToArrive.header(name, value));
              }
            });
    firstToArrive.header("X-Api-Key", attacker).POST(intercepted.bodyPublisher().orElseThrow());
    assertError(relay.send(firstToArrive.build()), 401, "did_namespace_mismatch");
    assertEquals(
        200, relay.send(intercepted).statusCode(), "the victim's own request still binds it");
    // unsigned namespace: refused before anything
    assertError(
        relay.send(registration(relay, owner, null, deviceId, device, device).build()),
        400,
        "missing_field");

    // a captured registration replayed under another account's key: the nonce is spent
    HttpRequest.Builder captured = registration(relay, owner, deviceId, device, device);
    assertEquals(200, relay.send(captured.build()).statusCode());
    HttpRequest original = captured.build();
    HttpRequest.Builder replay = HttpRequest.newBuilder(original.uri());
    original
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("X-Api-Key") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> replay.header(name, value));
              }
            });
    replay.header("X-Api-Key", attacker).POST(original.bodyPublisher().orElseThrow());
    // signed for the owner's namespace: the attacker's key cannot use it
    assertError(relay.send(replay.build()), 401, "did_namespace_mismatch");
    // and the owner's own key cannot send it twice: its nonce is spent
    assertError(relay.send(original), 401, "did_nonce_reused");

    // and the document still names the first binding's keys, unchanged
    JsonObject document = document(relay.get("/v2/did/" + device.did(), null));
    assertEquals(device.did(), document.getString("id"));
    assertEquals(
        HEX.formatHex(device.mlDsaPublic),
        HEX.formatHex(
            Base64.getUrlDecoder()
                .decode(
                    document
                        .getJsonArray("verificationMethod")
                        .getJsonObject(0)
                        .getJsonObject("publicKeyJwk")
                        .getString("pub"))));
  }

  @Test
  void registration_refusals_name_what_is_wrong() {
    String key = Deployment.newAccount("pro").apiKey();
    Device device = Device.generate();
    String deviceId = deviceId();
    // keys not registered for that device
    assertError(registerDid(relay, key, deviceId, device, device), 404, "not_found");
    // the device is registered with other keys
    Device other = Device.generate();
    registerKeys(relay, key, deviceId, other);
    assertError(registerDid(relay, key, deviceId, device, device), 409, "did_keys_differ");
    // X-DID that is not the DID of the body's keys (signed by the body's key)
    registerKeys(relay, key, deviceId + "b", device);
    HttpRequest.Builder wrongDid =
        registration(relay, key, deviceId + "b", device, device).setHeader("X-DID", other.did());
    assertError(relay.send(wrongDid.build()), 401, "did_mismatch");
    // keys of the wrong length
    HttpResponse<byte[]> shortKey =
        relay.send(
            relay
                .request("/v2/did/register", key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("device_id", deviceId)
                            .add("ecdh_pub", HEX.formatHex(device.p256).substring(2))
                            .add("dsa_pub", HEX.formatHex(device.mlDsaPublic))
                            .build()
                            .toString()))
                .build());
    assertError(shortKey, 400, "invalid_key_length");
    // resolution
    assertError(relay.get("/v2/did/did:paramant:short", null), 400, "invalid_did");
    assertError(relay.get("/v2/did/" + Device.generate().did(), null), 404, "did_not_found");
  }

  @Test
  void every_forged_stale_replayed_or_swapped_request_is_refused_with_its_own_code() {
    String key = Deployment.newAccount("pro").apiKey();
    Device device = registeredDevice(relay, key);
    String hash = RelayApi.sha256(RelayApi.randomBlob(64));

    // a flipped signature byte
    HttpRequest.Builder forged = signed(device, "GET", "/v2/status/" + hash);
    byte[] signature =
        Base64.getUrlDecoder().decode(forged.build().headers().firstValue("X-DID-Signature").get());
    signature[100] ^= 1;
    forged.setHeader("X-DID-Signature", B64URL.encodeToString(signature));
    assertError(relay.send(forged.build()), 401, "did_signature_invalid");

    // stale and future timestamps
    long now = System.currentTimeMillis();
    assertError(
        relay.send(signedAt(device, now - 301_000, "GET", "/v2/status/" + hash).build()),
        401,
        "did_timestamp_out_of_window");
    assertError(
        relay.send(signedAt(device, now + 301_000, "GET", "/v2/status/" + hash).build()),
        401,
        "did_timestamp_out_of_window");

    // the same request twice: the nonce is single-use
    HttpRequest once = signed(device, "GET", "/v2/status/" + hash).build();
    assertEquals(200, relay.send(once).statusCode());
    assertError(relay.send(once), 401, "did_nonce_reused");

    // a signature for one route sent to another (status → outbound)
    HttpRequest status = signed(device, "GET", "/v2/status/" + hash).build();
    HttpRequest.Builder retargeted = HttpRequest.newBuilder(relay.uri("/v2/outbound/" + hash));
    status.headers().map().forEach((n, v) -> v.forEach(value -> retargeted.header(n, value)));
    assertError(relay.send(retargeted.GET().build()), 401, "did_signature_invalid");

    // a signed upload whose body is swapped: refused, and nothing is stored
    byte[] blob = RelayApi.randomBlob(RelayApi.MAX_BLOB);
    byte[] swapped = blob.clone();
    swapped[swapped.length - 1] ^= 1;
    String blobHash = RelayApi.sha256(blob);
    HttpRequest.Builder upload =
        signed(
            device,
            "POST",
            "/v2/inbound",
            blob,
            "application/octet-stream",
            Map.of("X-Paramant-Hash", blobHash));
    upload.POST(HttpRequest.BodyPublishers.ofByteArray(swapped));
    assertError(relay.send(upload.build()), 401, "did_body_mismatch");
    assertFalse(json(relay.get("/v2/status/" + blobHash, key)).getBoolean("available"));
    // the same for a small body (ack)
    HttpRequest.Builder ack =
        signed(
            device,
            "POST",
            "/v2/ack",
            ("{\"hash\":\"" + hash + "\"}").getBytes(),
            "application/json",
            Map.of());
    ack.POST(HttpRequest.BodyPublishers.ofString("{\"hash\":\"" + blobHash + "\"}"));
    assertError(relay.send(ack.build()), 401, "did_body_mismatch");
    // a changed X-Paramant header under the signature (the TTL)
    HttpRequest.Builder ttl =
        signed(
            device,
            "POST",
            "/v2/inbound",
            blob,
            "application/octet-stream",
            Map.of("X-Paramant-Hash", blobHash, "X-Paramant-Ttl-Ms", "60000"));
    ttl.setHeader("X-Paramant-Ttl-Ms", "600000");
    assertError(relay.send(ttl.build()), 401, "did_signature_invalid");

    // an unknown DID, missing and malformed headers, both credentials, a non-normalised target
    assertError(
        relay.send(signed(Device.generate(), "GET", "/v2/status/" + hash).build()),
        401,
        "did_unknown");
    HttpRequest.Builder incomplete =
        HttpRequest.newBuilder(relay.uri("/v2/status/" + hash)).header("X-DID", device.did()).GET();
    assertError(relay.send(incomplete.build()), 401, "did_auth_incomplete");
    assertError(
        relay.send(
            signed(device, "GET", "/v2/status/" + hash).setHeader("X-DID-Nonce", "short").build()),
        401,
        "did_auth_malformed");
    assertError(
        relay.send(signed(device, "GET", "/v2/status/" + hash).header("X-Api-Key", key).build()),
        400,
        "ambiguous_credentials");
    String escaped =
        "/v2/status/%"
            + HEX.formatHex(hash.substring(0, 1).getBytes()).toUpperCase(Locale.ROOT)
            + hash.substring(1);
    assertError(relay.send(signed(device, "GET", escaped).build()), 400, "target_not_normalised");
    // a DID is no credential on routes where no device acts
    assertError(relay.send(signed(device, "GET", "/v2/pubkey").build()), 401, "missing_key");
  }

  @Test
  void a_did_of_a_revoked_account_and_a_request_for_another_sector_are_refused() {
    TestAccount account = Deployment.newAccount("pro");
    Device device = registeredDevice(relay, account.apiKey());
    String hash = RelayApi.sha256(RelayApi.randomBlob(64));
    assertEquals(200, relay.send(signed(device, "GET", "/v2/status/" + hash).build()).statusCode());

    // signed for main, sent to health: health does not know the DID; had it known it, the key_id
    // line would differ
    // (health is started for this and stopped again: other tests expect it down)
    try {
      RelayApi health = new RelayApi(Deployment.up(Deployment.HEALTH));
      HttpRequest forMain = signed(device, "GET", "/v2/status/" + hash).build();
      HttpRequest.Builder toHealth = HttpRequest.newBuilder(health.uri("/v2/status/" + hash));
      forMain.headers().map().forEach((n, v) -> v.forEach(value -> toHealth.header(n, value)));
      assertError(health.send(toHealth.GET().build()), 401, "did_unknown");
    } finally {
      Deployment.down(Deployment.HEALTH);
    }

    Deployment.revokeAndReload(account.label());
    assertError(
        relay.send(signed(device, "GET", "/v2/status/" + hash).build()),
        401,
        "did_account_revoked");
  }

  // ------------------------------------------------------------------------------------------------

  private Device registeredDevice(RelayApi api, String key) {
    Device device = Device.generate();
    String deviceId = deviceId();
    registerKeys(api, key, deviceId, device);
    HttpResponse<byte[]> response = registerDid(api, key, deviceId, device, device);
    assertEquals(200, response.statusCode(), () -> text(response));
    return device;
  }

  static void registerKeys(RelayApi api, String key, String deviceId, Device device) {
    HttpResponse<byte[]> response =
        api.send(
            api.request("/v2/pubkey", key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("device_id", deviceId)
                            .add("kyber_pub", HEX.formatHex(device.mlKem))
                            .add("ecdh_pub", HEX.formatHex(device.p256))
                            .add("dsa_pub", HEX.formatHex(device.mlDsaPublic))
                            .build()
                            .toString()))
                .build());
    assertEquals(200, response.statusCode(), () -> text(response));
  }

  /** Registers the DID of {@code keys}, signed with {@code signer}'s ML-DSA key. */
  static HttpResponse<byte[]> registerDid(
      RelayApi api, String key, String deviceId, Device keys, Device signer) {
    return api.send(registration(api, key, deviceId, keys, signer).build());
  }

  static HttpRequest.Builder registration(
      RelayApi api, String key, String deviceId, Device keys, Device signer) {
    return registration(api, key, namespaceOf(api, key), deviceId, keys, signer);
  }

  /** A registration signed for {@code namespace} (X-Paramant-Namespace). */
  static HttpRequest.Builder registration(
      RelayApi api, String key, String namespace, String deviceId, Device keys, Device signer) {
    byte[] body =
        Json.createObjectBuilder()
            .add("device_id", deviceId)
            .add("ecdh_pub", HEX.formatHex(keys.p256))
            .add("dsa_pub", HEX.formatHex(keys.mlDsaPublic))
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    return signed(
            api,
            signer,
            keys.did(),
            System.currentTimeMillis(),
            "POST",
            "/v2/did/register",
            body,
            "application/json",
            namespace == null ? Map.of() : Map.of("X-Paramant-Namespace", namespace))
        .header("X-Api-Key", key);
  }

  /** The namespace of {@code key}'s account, as GET /v2/check-key serves it. */
  static String namespaceOf(RelayApi api, String key) {
    return json(api.get("/v2/check-key", key)).getString("namespace");
  }

  /** A bodiless request to {@code api} signed by {@code device}. */
  static HttpRequest.Builder signedBy(RelayApi api, Device device, String method, String target) {
    return signed(
        api,
        device,
        device.did(),
        System.currentTimeMillis(),
        method,
        target,
        null,
        null,
        Map.of());
  }

  private HttpRequest.Builder signed(Device device, String method, String target) {
    return signedAt(device, System.currentTimeMillis(), method, target);
  }

  private HttpRequest.Builder signedAt(Device device, long at, String method, String target) {
    return signed(relay, device, device.did(), at, method, target, null, null, Map.of());
  }

  private HttpRequest.Builder signed(
      Device device,
      String method,
      String target,
      byte[] body,
      String contentType,
      Map<String, String> paramant) {
    return signed(
        relay,
        device,
        device.did(),
        System.currentTimeMillis(),
        method,
        target,
        body,
        contentType,
        paramant);
  }

  /** A request signed as docs/did.md says, by the test's own signer. */
  static HttpRequest.Builder signed(
      RelayApi api,
      Device signer,
      String did,
      long at,
      String method,
      String target,
      byte[] body,
      String contentType,
      Map<String, String> paramant) {
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = B64URL.encodeToString(nonceBytes);
    String bodyHash = sha256Hex(body == null ? new byte[0] : body);
    StringBuilder lines =
        new StringBuilder()
            .append("paramant/did-auth/v1\n")
            .append(method)
            .append('\n')
            .append(target)
            .append('\n')
            .append(at)
            .append('\n')
            .append(nonce)
            .append('\n')
            .append(bodyHash)
            .append('\n')
            .append(logKeyId(api))
            .append('\n')
            .append(contentType == null ? "" : contentType);
    new TreeMap<>(lowercase(paramant))
        .forEach((n, v) -> lines.append('\n').append(n).append(':').append(v));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.uri(target))
            .timeout(java.time.Duration.ofSeconds(60))
            .header("X-DID", did)
            .header("X-DID-Timestamp", Long.toString(at))
            .header("X-DID-Nonce", nonce)
            .header("X-DID-Signature", B64URL.encodeToString(signer.sign(lines.toString())));
    if (body != null) {
      request
          .header("X-DID-Body-SHA256", bodyHash)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    paramant.forEach(request::header);
    return request;
  }

  private static Map<String, String> lowercase(Map<String, String> headers) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((n, v) -> lower.put(n.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  private static String logKeyId(RelayApi api) {
    return json(api.get("/v2/ct/sth", null)).getString("key_id");
  }

  private void verifyDocument(JsonObject document, Device device, long ctIndex) {
    assertEquals(device.did(), document.getString("id"));
    assertEquals(
        List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"),
        document.getJsonArray("@context").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
    JsonObject sig = document.getJsonArray("verificationMethod").getJsonObject(0);
    JsonObject kex = document.getJsonArray("verificationMethod").getJsonObject(1);
    assertEquals(device.did() + "#sig", sig.getString("id"));
    assertEquals("JsonWebKey2020", sig.getString("type"));
    assertEquals(device.did(), sig.getString("controller"));
    JsonObject sigJwk = sig.getJsonObject("publicKeyJwk");
    assertEquals("AKP", sigJwk.getString("kty"));
    assertEquals("ML-DSA-65", sigJwk.getString("alg"));
    byte[] mlDsa = Base64.getUrlDecoder().decode(sigJwk.getString("pub"));
    JsonObject kexJwk = kex.getJsonObject("publicKeyJwk");
    assertEquals("EC", kexJwk.getString("kty"));
    assertEquals("P-256", kexJwk.getString("crv"));
    byte[] p256 = new byte[65];
    p256[0] = 4;
    System.arraycopy(Base64.getUrlDecoder().decode(kexJwk.getString("x")), 0, p256, 1, 32);
    System.arraycopy(Base64.getUrlDecoder().decode(kexJwk.getString("y")), 0, p256, 33, 32);
    // a resolver recomputes the DID from the served keys
    assertEquals(device.did(), Device.didOf(mlDsa, p256));
    assertEquals(List.of(device.did() + "#sig"), strings(document, "authentication"));
    assertEquals(List.of(device.did() + "#sig"), strings(document, "assertionMethod"));
    assertEquals(List.of(device.did() + "#kex"), strings(document, "keyAgreement"));
    assertFalse(document.toString().contains("device_id"), "the public document names no device");

    JsonObject evidence = document.getJsonObject("paramantLog");
    SignedTreeHead sth = TransparencyLogIT.verifiedTreeHead(evidence.getJsonObject("sth"));
    assertEquals(ctIndex, evidence.getJsonNumber("ct_index").longValue());
    assertEquals(sth.treeSize(), evidence.getJsonNumber("tree_size").longValue());
    LogEntry leaf =
        new LogEntry(
            EntryType.DID,
            device.did(),
            evidence.getString("sector"),
            evidence.getJsonNumber("inserted_at").longValue());
    byte[] leafHash = TreeHasher.SHA3_256.hashLeaf(leaf.encode());
    assertEquals(HEX.formatHex(leafHash), evidence.getString("leaf_hash"));
    new InclusionProof(
            ctIndex,
            sth.treeSize(),
            evidence.getJsonArray("inclusion_proof").getValuesAs(JsonString.class).stream()
                .map(s -> HEX.parseHex(s.getString()))
                .toList())
        .verify(TreeHasher.SHA3_256, leafHash, sth.rootHash());
  }

  private static JsonObject document(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode(), () -> text(response));
    assertEquals(
        "application/did+json", response.headers().firstValue("Content-Type").orElseThrow());
    return Json.createReader(new java.io.ByteArrayInputStream(response.body())).readObject();
  }

  private static List<String> strings(JsonObject json, String field) {
    return json.getJsonArray(field).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  private static String deviceId() {
    return "did-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A device's keys, made as the client makes them, with the ML-DSA private key for signing. */
  static final class Device {
    final byte[] mlKem;
    final byte[] p256;
    final byte[] mlDsaPublic;
    private final MLDSAPrivateKeyParameters mlDsaPrivate;

    private Device(byte[] mlKem, byte[] p256, AsymmetricCipherKeyPair mlDsa) {
      this.mlKem = mlKem;
      this.p256 = p256;
      this.mlDsaPublic = ((MLDSAPublicKeyParameters) mlDsa.getPublic()).getEncoded();
      this.mlDsaPrivate = (MLDSAPrivateKeyParameters) mlDsa.getPrivate();
    }

    static Device generate() {
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
      return new Device(
          ((MLKEMPublicKeyParameters) kem.generateKeyPair().getPublic()).getEncoded(),
          ((ECPublicKeyParameters) ec.generateKeyPair().getPublic()).getQ().getEncoded(false),
          dsa.generateKeyPair());
    }

    String did() {
      return didOf(mlDsaPublic, p256);
    }

    static String didOf(byte[] mlDsa, byte[] p256) {
      try {
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
        sha3.update(mlDsa);
        sha3.update(p256);
        return "did:paramant:"
            + Base32.toBase32String(Arrays.copyOf(sha3.digest(), 20)).toLowerCase(Locale.ROOT);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] sign(String lines) {
      return sign(lines.getBytes(StandardCharsets.UTF_8));
    }

    byte[] sign(byte[] message) {
      MLDSASigner signer = new MLDSASigner();
      signer.init(true, mlDsaPrivate);
      signer.update(message, 0, message.length);
      try {
        return signer.generateSignature();
      } catch (org.bouncycastle.crypto.CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
