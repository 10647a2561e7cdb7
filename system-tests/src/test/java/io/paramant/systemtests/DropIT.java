package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.systemtests.RawHttp.Raw;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anonymous drops ({@code /v2/drop}): stored with a key under a client-chosen id, picked up once
 * without a key, limited per client address.
 *
 * <p>Pickups go over raw sockets bound to a random loopback source address of their own (Linux
 * routes all of 127.0.0.0/8 to the relay's 127.0.0.1), because the pickup limit counts per client
 * address: each test is its own client, and other tests' requests from 127.0.0.1 never share its
 * budget.
 */
class DropIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LIMIT = 10; // paramant.drop.pickups-per-minute (the default)

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final String key = Deployment.apiKey("pro");
  private final InetAddress client = RawHttp.randomLoopbackAddress();

  @Test
  void a_drop_is_picked_up_once_without_a_key_then_it_is_gone() {
    byte[] payload = randomBlob(1024 * 1024 + 7);
    String id = dropId();

    JsonObject stored = json(store(key, id, payload, null));

    assertEquals(
        Json.createObjectBuilder()
            .add("ok", true)
            .add("id", id)
            .add("ttl_ms", 3_600_000)
            .add("size", payload.length)
            .build(),
        stored);
    Raw first = pickup(id);
    assertEquals(200, first.status(), first::text);
    assertEquals("application/octet-stream", first.header("content-type"));
    assertEquals(Integer.toString(payload.length), first.header("content-length"));
    assertArrayEquals(payload, first.body());

    Raw second = pickup(id);
    Raw never = pickup(dropId());
    assertEquals(404, second.status(), second::text);
    assertEquals(404, never.status(), never::text);
    assertEquals(never.text(), second.text(), "burned and never stored look the same");
    assertEquals("not_found", second.json().getString("error"));
  }

  @Test
  void an_expired_drop_is_not_found() throws InterruptedException {
    String id = dropId();
    assertEquals(1000, json(store(key, id, randomBlob(100), 1000L)).getInt("ttl_ms"));
    Thread.sleep(1500);

    Raw late = pickup(id);
    assertEquals(404, late.status(), late::text);
    assertEquals("not_found", late.json().getString("error"));
  }

  @Test
  void the_ttl_is_clamped_to_the_plan() {
    String id = dropId();
    JsonObject stored =
        json(store(Deployment.apiKey("free"), id, randomBlob(10), 7L * 24 * 3_600_000));
    assertEquals(3_600_000, stored.getJsonNumber("ttl_ms").longValue());
    assertEquals(200, pickup(id).status());
  }

  @Test
  void a_key_is_required_to_store() {
    assertError(store(null, dropId(), randomBlob(10), null), 401, "missing_key");
    assertError(store("pgp_" + "0".repeat(64), dropId(), randomBlob(10), null), 401, "invalid_key");
    assertError(
        store("plk_" + "1".repeat(64), dropId(), randomBlob(10), null), 401, "licence_key_refused");
  }

  @Test
  void pickups_are_limited_per_client_address_with_429_and_retry_after() {
    for (int i = 0; i < LIMIT; i++) {
      Raw unknown = pickup(dropId());
      assertEquals(404, unknown.status(), unknown::text);
    }
    String id = dropId();
    byte[] payload = randomBlob(100);
    json(store(key, id, payload, null));

    Raw limited = pickup(id);

    assertEquals(429, limited.status(), limited::text);
    assertEquals("rate_limited", limited.json().getString("error"));
    assertFalse(limited.json().getBoolean("ok"));
    int retryAfter = Integer.parseInt(limited.header("retry-after"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals("no-store", limited.header("cache-control"));
    // another address is another client, and the refused pickup did not burn the drop
    Raw other = pickup(RawHttp.randomLoopbackAddress(), id);
    assertEquals(200, other.status(), other::text);
    assertArrayEquals(payload, other.body());
  }

  @Test
  void a_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_is_ignored() {
    // the relay trusts 127.0.0.1 (Deployment); this client is another loopback address
    for (int i = 1; i <= LIMIT; i++) {
      Raw unknown = pickup(client, dropId(), "203.0.113." + i);
      assertEquals(404, unknown.status(), unknown::text);
    }

    Raw limited = pickup(client, dropId(), "203.0.113.200");
    Raw claimingTheProxy = pickup(client, dropId(), "127.0.0.1");

    assertEquals(429, limited.status(), limited::text);
    assertEquals("rate_limited", limited.json().getString("error"));
    assertEquals(429, claimingTheProxy.status(), claimingTheProxy::text);
  }

  @Test
  void bad_ids_and_bodies_are_400_with_specific_codes() {
    assertEquals("invalid_drop_id", pickup("abc").json().getString("error"));
    assertEquals(400, pickup("g".repeat(64)).status());
    assertError(store(key, "abc", randomBlob(10), null), 400, "invalid_drop_id");
    assertError(postDrop(key, "{\"payload\":\"AAAA\"}"), 400, "missing_field");
    assertError(postDrop(key, "{\"id\":\"" + dropId() + "\"}"), 400, "missing_field");
    assertError(
        postDrop(key, "{\"id\":\"" + dropId() + "\",\"payload\":\"***\"}"), 400, "invalid_base64");
    assertError(
        postDrop(key, "{\"id\":\"" + dropId() + "\",\"payload\":\"\"}"), 400, "empty_payload");
    assertError(
        postDrop(key, "{\"id\":\"" + dropId() + "\",\"payload\":\"AAAA\",\"ttl_ms\":0}"),
        400,
        "invalid_ttl");
    assertError(postDrop(key, "{\"id\":"), 400, "malformed_json");
    assertError(
        store(key, dropId(), randomBlob(RelayApi.MAX_BLOB + 1), null), 413, "payload_too_large");
  }

  @Test
  void a_second_drop_under_the_same_id_is_a_409_and_the_first_stays() {
    String id = dropId();
    byte[] first = randomBlob(300);
    json(store(key, id, first, null));

    assertError(store(key, id, randomBlob(300), null), 409, "drop_exists");

    assertArrayEquals(first, pickup(id).body());
  }

  @Test
  void drops_and_blobs_live_apart_and_drops_add_no_log_leaf() {
    byte[] blob = randomBlob(500);
    String hash = sha256(blob);
    assertEquals(200, relay.inboundBinary(key, blob).statusCode());
    long treeSize = json(relay.get("/v2/ct/sth", null)).getJsonNumber("tree_size").longValue();
    byte[] payload = randomBlob(600);

    json(store(key, hash, payload, null)); // a drop id equal to a stored blob's hash

    assertEquals(
        treeSize,
        json(relay.get("/v2/ct/sth", null)).getJsonNumber("tree_size").longValue(),
        "a drop is not logged");
    String dropOnly = dropId();
    json(store(key, dropOnly, payload, null));
    assertFalse(relay.status(key, dropOnly).getBoolean("available"), "a drop is not a blob");
    assertError(relay.outbound(key, dropOnly), 404, "not_found");
    assertArrayEquals(payload, pickup(hash).body());
    assertArrayEquals(blob, relay.outbound(key, hash).body());
    assertArrayEquals(payload, pickup(dropOnly).body());
  }

  @Test
  void head_is_refused_without_burning_the_drop() {
    String id = dropId();
    byte[] payload = randomBlob(50);
    json(store(key, id, payload, null));

    Raw head = exchange(client, "HEAD", "/v2/drop/" + id);

    assertEquals(405, head.status());
    assertEquals("GET", head.header("allow"));
    assertArrayEquals(payload, pickup(id).body());
  }

  // ---------------------------------------------------------------------------------------------

  private HttpResponse<byte[]> store(String apiKey, String id, byte[] payload, Long ttlMs) {
    return postDrop(
        apiKey,
        "{\"id\":\""
            + id
            + "\",\"payload\":\""
            + Base64.getEncoder().encodeToString(payload)
            + "\""
            + (ttlMs == null ? "" : ",\"ttl_ms\":" + ttlMs)
            + "}");
  }

  private HttpResponse<byte[]> postDrop(String apiKey, String json) {
    return relay.send(
        relay
            .request("/v2/drop", apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private Raw pickup(String id) {
    return pickup(client, id);
  }

  private Raw pickup(InetAddress from, String id) {
    return exchange(from, "GET", "/v2/drop/" + id);
  }

  private Raw pickup(InetAddress from, String id, String forwardedFor) {
    return RawHttp.exchange(
        relay.uri("/"), from, "GET", "/v2/drop/" + id, Map.of("X-Forwarded-For", forwardedFor));
  }

  /** One HTTP/1.1 exchange without a key from the source address {@code from}. */
  private Raw exchange(InetAddress from, String method, String path) {
    return RawHttp.exchange(relay.uri("/"), from, method, path, Map.of());
  }

  private static String dropId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
