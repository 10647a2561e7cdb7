package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.ct.entry.DeviceBinding;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/notary} through HTTP (docs/notary.md): a device's signature over a document hash
 * becomes a {@code notary} leaf naming its binding and fingerprint; and the adversaries — a forged
 * signature, a stale one, a device that cannot sign, and an account that registered someone else's
 * public keys under its own device id and submits a copy of their signature.
 */
class NotaryIT {

  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void a_devices_signature_is_logged_as_a_notary_leaf_naming_its_binding_and_fingerprint() {
    TestAccount account = Deployment.newAccount("pro");
    DidIT.Device device = DidIT.Device.generate();
    String deviceId = deviceId();
    DidIT.registerKeys(relay, account.apiKey(), deviceId, device);
    JsonObject keys = json(relay.get("/v2/pubkey/" + deviceId, account.apiKey()));
    String namespace = keys.getString("namespace");
    byte[] document = RelayApi.sha256(RelayApi.randomBlob(1000)).transform(HEX::parseHex);
    long signedAt = System.currentTimeMillis();
    byte[] signature = device.sign(message(document, signedAt, namespace, deviceId));

    HttpResponse<byte[]> response =
        post(account.apiKey(), body(deviceId, document, signedAt, signature));
    assertEquals(200, response.statusCode(), () -> text(response));
    JsonObject logged = json(response);
    assertEquals(namespace, logged.getString("namespace"));
    assertEquals(deviceId, logged.getString("device_id"));
    assertEquals(keys.getString("fingerprint"), logged.getString("fingerprint"));
    assertEquals(HEX.formatHex(DeviceBinding.of(namespace, deviceId)), logged.getString("binding"));
    long ctIndex = logged.getJsonNumber("ct_index").longValue();
    JsonObject leaf =
        json(relay.get("/v2/ct/leaves?from=" + ctIndex + "&to=" + (ctIndex + 1), null))
            .getJsonArray("leaves")
            .getJsonObject(0);
    assertEquals("notary", leaf.getString("type"));
    assertEquals(HEX.formatHex(document), leaf.getString("subject"));
    assertEquals(logged.getString("binding"), leaf.getString("signer_binding"));
    assertEquals(logged.getString("fingerprint"), leaf.getString("signer_fingerprint"));
    assertEquals(signedAt, leaf.getJsonNumber("signed_at").longValue());
    assertEquals(logged.getString("leaf_hash"), leaf.getString("leaf_hash"));

    // by DID as well
    assertEquals(
        200, DidIT.registerDid(relay, account.apiKey(), deviceId, device, device).statusCode());
    long at = System.currentTimeMillis();
    byte[] byDid =
        body(deviceId, document, at, device.sign(message(document, at, namespace, deviceId)))
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> signed =
        relay.send(
            DidIT.signed(
                    relay,
                    device,
                    device.did(),
                    System.currentTimeMillis(),
                    "POST",
                    "/v2/notary",
                    byDid,
                    "application/json",
                    Map.of())
                .build());
    assertEquals(200, signed.statusCode(), () -> text(signed));
  }

  @Test
  void forged_stale_unsigned_and_borrowed_signatures_are_refused() {
    TestAccount alice = Deployment.newAccount("pro");
    DidIT.Device device = DidIT.Device.generate();
    String deviceId = deviceId();
    DidIT.registerKeys(relay, alice.apiKey(), deviceId, device);
    String namespace =
        json(relay.get("/v2/pubkey/" + deviceId, alice.apiKey())).getString("namespace");
    byte[] document = HEX.parseHex(RelayApi.sha256(RelayApi.randomBlob(10)));
    long now = System.currentTimeMillis();

    // signed by another key
    byte[] forged = DidIT.Device.generate().sign(message(document, now, namespace, deviceId));
    assertError(
        post(alice.apiKey(), body(deviceId, document, now, forged)), 400, "invalid_signature");
    // stale
    long stale = now - 301_000;
    assertError(
        post(
            alice.apiKey(),
            body(
                deviceId,
                document,
                stale,
                device.sign(message(document, stale, namespace, deviceId)))),
        400,
        "signed_at_out_of_window");
    // unknown device, and the signature of one document for another
    byte[] genuine = device.sign(message(document, now, namespace, deviceId));
    assertError(
        post(alice.apiKey(), body("nobody-" + deviceId, document, now, genuine)), 404, "not_found");
    byte[] other = document.clone();
    other[0] ^= 1;
    assertError(
        post(alice.apiKey(), body(deviceId, other, now, genuine)), 400, "invalid_signature");

    // mallory registers alice's public keys under a device id of her own and submits a copy of
    // alice's signature: it names alice's binding, so it does not verify for mallory's device
    TestAccount mallory = Deployment.newAccount("pro");
    DidIT.registerKeys(relay, mallory.apiKey(), deviceId, device);
    assertError(
        post(mallory.apiKey(), body(deviceId, document, now, genuine)), 400, "invalid_signature");
    assertEquals(200, post(alice.apiKey(), body(deviceId, document, now, genuine)).statusCode());

    // a device registered without an ML-DSA key cannot sign
    String kemOnly = deviceId();
    HttpResponse<byte[]> registered =
        relay.send(
            relay
                .request("/v2/pubkey", alice.apiKey())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("device_id", kemOnly)
                            .add("kyber_pub", HEX.formatHex(device.mlKem))
                            .build()
                            .toString()))
                .build());
    assertEquals(200, registered.statusCode(), () -> text(registered));
    assertError(
        post(alice.apiKey(), body(kemOnly, document, now, genuine)), 400, "device_cannot_sign");

    // malformed requests
    assertError(post(alice.apiKey(), "{"), 400, "malformed_json");
    assertError(post(alice.apiKey(), "{\"device_id\":\"" + deviceId + "\"}"), 400, "missing_field");
    assertError(
        post(
            alice.apiKey(),
            body(deviceId, document, now, genuine).replace(HEX.formatHex(document), "zz")),
        400,
        "invalid_field");
    assertError(
        post(alice.apiKey(), body(deviceId, document, now, new byte[10])), 400, "invalid_field");
    assertError(post(null, body(deviceId, document, now, genuine)), 401, "missing_key");
  }

  @Test
  void json_nested_too_deep_or_with_a_huge_exponent_is_malformed_json_not_a_500() {
    String key = Deployment.newAccount("pro").apiKey();
    String deep = "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}";
    String huge = "{\"device_id\":\"x\",\"signed_at_ms\":1e9999999999}";
    for (String body : List.of(deep, huge)) {
      assertError(post(key, body), 400, "malformed_json");
      // the same class of parser failure on the witness route, which needs no key
      assertError(
          relay.send(
              relay
                  .request("/v2/witness/cosign", null)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build()),
          400,
          "malformed_json");
    }
  }

  /**
   * docs/notary.md: the context, the document hash, signed_at (u64 BE) and the signer's binding.
   */
  static byte[] message(byte[] document, long signedAt, String namespace, String deviceId) {
    return ByteBuffer.allocate(18 + 32 + 8 + 32)
        .put("paramant/notary/v1".getBytes(StandardCharsets.US_ASCII))
        .put(document)
        .putLong(signedAt)
        .put(DeviceBinding.of(namespace, deviceId))
        .array();
  }

  private static String body(String deviceId, byte[] document, long signedAt, byte[] signature) {
    return Json.createObjectBuilder()
        .add("device_id", deviceId)
        .add("document_sha256", HEX.formatHex(document))
        .add("signed_at_ms", signedAt)
        .add("signature", B64URL.encodeToString(signature))
        .build()
        .toString();
  }

  private HttpResponse<byte[]> post(String key, String body) {
    return relay.send(
        relay
            .request("/v2/notary", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static String deviceId() {
    return "notary-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
