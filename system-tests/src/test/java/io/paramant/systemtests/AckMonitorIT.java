package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * POST /v2/ack, GET /v2/monitor and the request metrics against the real relay: ack latency and its
 * leaf in the CT log, the refusals, per-account figures that only the account's own traffic moves,
 * and /metrics counting requests by route template and status.
 */
class AckMonitorIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void an_ack_reports_the_latency_since_upload_and_its_ack_leaf_is_in_the_log() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    MetricsScrape before = MetricsScrape.of(relay);
    long uploadStart = System.currentTimeMillis();
    String hash = relay.store(key, randomBlob(2048));
    Thread.sleep(300);
    assertEquals(200, relay.outbound(key, hash).statusCode());

    HttpResponse<byte[]> response = ack(key, "{\"hash\":\"" + hash.toUpperCase() + "\"}");

    long elapsed = System.currentTimeMillis() - uploadStart;
    assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
    JsonObject receipt = json(response);
    assertEquals(true, receipt.getBoolean("ok"));
    long latency = receipt.getJsonNumber("latency_ms").longValue();
    assertTrue(latency >= 300 && latency <= elapsed, "latency " + latency + " of " + elapsed);
    long index = receipt.getJsonNumber("ct_index").longValue();
    JsonObject leaf = leaf(index);
    assertEquals("ack", leaf.getString("type"));
    assertEquals(hash, leaf.getString("blob_hash"));
    assertEquals(index, leaf.getJsonNumber("index").longValue());
    MetricsScrape after = MetricsScrape.of(relay);
    assertEquals(1, after.value("paramant_acks_total") - before.value("paramant_acks_total"));
    assertTrue(after.value("paramant_ct_log_size") >= index + 1);
  }

  @Test
  void unknown_foreign_early_and_repeated_acks_are_refused() {
    String key = Deployment.newAccount("pro").apiKey();
    String other = Deployment.newAccount("pro").apiKey();
    String hash = relay.store(key, randomBlob(64));

    assertError(ack(key, "{\"hash\":\"" + hash + "\"}"), 409, "not_delivered");
    assertEquals(200, relay.outbound(key, hash).statusCode());
    assertError(ack(other, "{\"hash\":\"" + hash + "\"}"), 404, "not_found");
    assertError(ack(key, "{\"hash\":\"" + sha256(randomBlob(8)) + "\"}"), 404, "not_found");
    assertEquals(200, ack(key, "{\"hash\":\"" + hash + "\",\"ignored\":[1,2]}").statusCode());
    assertError(ack(key, "{\"hash\":\"" + hash + "\"}"), 409, "already_acked");

    byte[] addressed = randomBlob(64);
    relay.inboundBinaryTo(key, addressed, "phone-1");
    assertEquals(200, relay.outbound(key, sha256(addressed)).statusCode());
    assertError(
        ack(key, "{\"hash\":\"" + sha256(addressed) + "\",\"device_id\":\"phone-2\"}"),
        404,
        "not_found");
    assertEquals(
        200,
        ack(key, "{\"hash\":\"" + sha256(addressed) + "\",\"device_id\":\"phone-1\"}")
            .statusCode());

    assertError(ack(key, "{\"hash\":\"" + hash + "\""), 400, "malformed_json");
    assertError(ack(key, "{\"hash\":1}"), 400, "invalid_field");
    assertError(ack(key, "{\"device_id\":\"phone-1\"}"), 400, "missing_field");
    assertError(ack(key, "{\"hash\":\"abc\"}"), 400, "invalid_hash");
    assertError(
        ack(key, "{\"hash\":\"" + hash + "\",\"device_id\":\"a b\"}"), 400, "invalid_device_id");
    assertError(ack(key, "{\"pad\":\"" + "x".repeat(5_000) + "\"}"), 413, "payload_too_large");
    assertError(ack(null, "{\"hash\":\"" + hash + "\"}"), 401, "missing_key");
  }

  @Test
  void monitor_shows_exactly_the_callers_own_figures() throws Exception {
    TestAccount alice = Deployment.newAccount("pro");
    String key = alice.apiKey();
    String bob = Deployment.newAccount("free").apiKey();
    assertEquals(figures("pro", 0, 0, 0, 0, 0, 0, 0, 0.0), monitor(key));

    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String acked = relay.store(key, randomBlob(10));
      String burned = relay.store(key, randomBlob(20));
      String waiting = relay.store(key, randomBlob(30));
      byte[] expiring = randomBlob(40);
      assertEquals(200, relay.inboundBinary(key, expiring, sha256(expiring), 1L).statusCode());
      WebhookIT.register(
          relay,
          key,
          "{\"hash\":\"" + burned + "\",\"callback_url\":\"" + receiver.url("/m") + "\"}");
      assertEquals(200, relay.outbound(key, acked).statusCode());
      assertEquals(200, relay.outbound(key, burned).statusCode());
      assertEquals(200, ack(key, "{\"hash\":\"" + acked + "\"}").statusCode());
      receiver.next(5_000);

      JsonObject expected = figures("pro", 1, 4, 2, 1, 1, 3, 1, 1.0 / 3);
      JsonObject seen = awaitMonitor(key, expected); // expiry and the webhook's 2xx land shortly
      assertEquals(expected, seen);

      // another account's traffic does not move alice's figures
      String bobs = relay.store(bob, randomBlob(50));
      relay.store(bob, randomBlob(60));
      assertEquals(200, relay.outbound(bob, bobs).statusCode());
      assertEquals(200, ack(bob, "{\"hash\":\"" + bobs + "\"}").statusCode());
      assertEquals(figures("free", 1, 2, 1, 0, 0, 1, 1, 1.0), monitor(bob));
      assertEquals(expected, monitor(key));
      assertEquals(200, relay.outbound(key, waiting).statusCode());
    }
  }

  @Test
  void requests_are_counted_by_route_template_and_status() {
    String key = Deployment.newAccount("free").apiKey();
    MetricsScrape before = MetricsScrape.of(relay);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, relay.get("/v2/status/" + sha256(randomBlob(4)), key).statusCode());
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(404, relay.outbound(key, sha256(randomBlob(4))).statusCode());
    }
    assertEquals(401, ack(null, "{}").statusCode());
    assertEquals(200, relay.get("/v2/monitor", key).statusCode());
    assertEquals(404, relay.get("/v2/no-such-route/" + sha256(randomBlob(4)), key).statusCode());

    MetricsScrape after = MetricsScrape.of(relay);

    assertEquals(3, delta(before, after, "/v2/status/{hash}", "200"));
    assertEquals(2, delta(before, after, "/v2/outbound/{hash}", "404"));
    assertEquals(1, delta(before, after, "/v2/ack", "401"));
    assertEquals(1, delta(before, after, "/v2/monitor", "200"));
    assertEquals(1, delta(before, after, "unmatched", "404"));
    assertEquals(0, delta(before, after, "/v2/status/{hash}", "404"));
    assertTrue(after.has("paramant_requests_total", "route", "/v2/status/{hash}", "status", "200"));
    for (String sample : after.keys()) {
      assertFalse(sample.matches(".*[0-9a-f]{64}.*"), "a raw path became a label: " + sample);
    }
  }

  private HttpResponse<byte[]> ack(String key, String json) {
    return relay.send(
        relay
            .request("/v2/ack", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private JsonObject monitor(String key) {
    HttpResponse<byte[]> response = relay.get("/v2/monitor", key);
    assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
    return json(response);
  }

  private JsonObject awaitMonitor(String key, JsonObject expected) throws InterruptedException {
    JsonObject seen = monitor(key);
    for (long deadline = System.currentTimeMillis() + 5_000;
        !seen.equals(expected) && System.currentTimeMillis() < deadline; ) {
      Thread.sleep(100);
      seen = monitor(key);
    }
    return seen;
  }

  /** The leaf at {@code index}, once a signed tree head covers it (heads lag up to 250 ms). */
  private JsonObject leaf(long index) throws InterruptedException {
    for (long deadline = System.currentTimeMillis() + 5_000; ; Thread.sleep(100)) {
      HttpResponse<byte[]> page =
          relay.get("/v2/ct/leaves?from=" + index + "&to=" + (index + 1), null);
      if (page.statusCode() == 200) {
        return json(page).getJsonArray("leaves").getJsonObject(0);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("leaf " + index + " not served: " + RelayApi.text(page));
      }
    }
  }

  private static JsonObject figures(
      String plan,
      long inFlight,
      long inbound,
      long burned,
      long expired,
      long webhooksSent,
      long total,
      long acked,
      double successRate) {
    return Json.createObjectBuilder()
        .add("ok", true)
        .add("plan", plan)
        .add("blobs_in_flight", inFlight)
        .add(
            "stats",
            Json.createObjectBuilder()
                .add("inbound", inbound)
                .add("burned", burned)
                .add("expired", expired)
                .add("webhooks_sent", webhooksSent))
        .add(
            "delivery",
            Json.createObjectBuilder()
                .add("total", total)
                .add("acked", acked)
                .add("success_rate", successRate))
        .build();
  }

  private static double delta(
      MetricsScrape before, MetricsScrape after, String route, String status) {
    return after.value("paramant_requests_total", "route", route, "status", status)
        - before.value("paramant_requests_total", "route", route, "status", status);
  }
}
