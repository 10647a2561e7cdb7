package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * POST /v2/webhook against the real relay, with a real HTTP receiver on 127.0.0.1: signed callbacks
 * for hash and device registrations, retries, the address policy per sector, and downloads that
 * never wait for a receiver.
 */
class WebhookIT {

  private static final String DELIVERED = "delivered";
  private static final String FAILED = "failed";

  private final RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final RelayApi iot = new RelayApi(Deployment.baseUri(Deployment.IOT));

  @Test
  void a_hash_registration_gets_one_callback_signed_with_the_registering_key() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      byte[] blob = randomBlob(4096);
      String hash = main.store(key, blob);
      JsonObject registered =
          json(
              register(
                  main,
                  key,
                  "{\"hash\":\""
                      + hash
                      + "\",\"callback_url\":\""
                      + receiver.url("/in?x=1")
                      + "\"}"));
      assertEquals(true, registered.getBoolean("ok"));
      assertEquals("hash", registered.getString("type"));
      assertTrue(registered.getString("id").matches("[0-9a-f]{32}"));
      assertFalse(registered.containsKey("expires_in"));

      long before = System.currentTimeMillis();
      assertArrayEquals(blob, main.outbound(key, hash).body());
      WebhookReceiver.Received call = receiver.next(5_000);

      assertEquals("POST", call.method());
      assertEquals("application/json", call.contentType());
      String prefix = "{\"event\":\"blob_retrieved\",\"hash\":\"" + hash + "\",\"ts\":";
      assertTrue(call.text().startsWith(prefix) && call.text().endsWith("}"), call.text());
      long ts = Long.parseLong(call.text().substring(prefix.length(), call.text().length() - 1));
      assertTrue(ts >= before - 1_000 && ts <= call.atMs(), "ts " + ts);
      assertTrue(call.signedWith(key), "X-Paramant-Sig is HMAC-SHA256(body, the API key)");
      assertFalse(call.signedWith(Deployment.apiKey("pro")));
      assertNull(receiver.poll(1_500), "one-shot: a single callback");
    }
  }

  @Test
  void a_device_registration_gets_a_callback_for_each_blob_to_that_device() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonObject registered =
          json(
              register(
                  main,
                  key,
                  "{\"device_id\":\"sensor-7\",\"callback_url\":\""
                      + receiver.url("/dev")
                      + "\"}"));
      assertEquals("device", registered.getString("type"));
      assertEquals(86_400, registered.getInt("expires_in"));

      byte[] first = randomBlob(100);
      byte[] second = randomBlob(200);
      byte[] elsewhere = randomBlob(300);
      main.inboundBinaryTo(key, first, "sensor-7");
      main.inboundBinaryTo(key, second, "sensor-7");
      main.inboundBinaryTo(key, elsewhere, "sensor-8");
      for (byte[] blob : List.of(first, second, elsewhere)) {
        assertEquals(200, main.outbound(key, sha256(blob)).statusCode());
      }

      Set<String> announced = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        WebhookReceiver.Received call = receiver.next(5_000);
        assertTrue(call.signedWith(key), call.text());
        announced.add(parse(call.text()).getString("hash"));
      }
      assertEquals(Set.of(sha256(first), sha256(second)), announced);
      assertNull(receiver.poll(1_500), "no callback for a blob to another device");
    }
  }

  @Test
  void a_receiver_failing_twice_gets_the_event_on_the_third_attempt() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    MetricsScrape before = MetricsScrape.of(main);
    try (WebhookReceiver receiver = new WebhookReceiver().answering(500, 500)) {
      String hash = main.store(key, randomBlob(10));
      register(
          main,
          key,
          "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + receiver.url("/flaky") + "\"}");
      assertEquals(200, main.outbound(key, hash).statusCode());

      WebhookReceiver.Received first = receiver.next(5_000);
      WebhookReceiver.Received second = receiver.next(5_000);
      WebhookReceiver.Received third = receiver.next(5_000);

      for (WebhookReceiver.Received call : List.of(first, second, third)) {
        assertArrayEquals(first.body(), call.body(), "the same event every time");
        assertTrue(call.signedWith(key));
      }
      assertTrue(second.atMs() - first.atMs() >= 400, "about 0.5 s between attempts 1 and 2");
      assertTrue(third.atMs() - second.atMs() >= 900, "about 1 s between attempts 2 and 3");
      assertNull(receiver.poll(2_500), "delivered on the third attempt: no fourth");
      awaitDelta(before, DELIVERED, 1);
      assertEquals(0, delta(before, MetricsScrape.of(main), FAILED));
    }
  }

  @Test
  void a_receiver_that_never_accepts_is_tried_five_times_then_the_event_fails() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    MetricsScrape before = MetricsScrape.of(main);
    try (WebhookReceiver receiver = new WebhookReceiver().answering(500, 502, 503, 404, 500, 200)) {
      String hash = main.store(key, randomBlob(10));
      register(
          main,
          key,
          "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + receiver.url("/down") + "\"}");
      assertEquals(200, main.outbound(key, hash).statusCode());

      for (int i = 0; i < 5; i++) {
        receiver.next(10_000);
      }
      assertNull(receiver.poll(5_000), "five attempts, not six");
      awaitDelta(before, FAILED, 1);
      assertEquals(0, delta(before, MetricsScrape.of(main), DELIVERED));
    }
  }

  @Test
  void a_download_completes_while_the_receiver_is_still_blocked() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    try (WebhookReceiver receiver = new WebhookReceiver().holding()) {
      byte[] blob = randomBlob(RelayApi.MAX_BLOB);
      String hash = main.store(key, blob);
      register(
          main,
          key,
          "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + receiver.url("/slow") + "\"}");

      HttpResponse<byte[]> download =
          main.send(
              main.request("/v2/outbound/" + hash, key)
                  .timeout(Duration.ofSeconds(8))
                  .GET()
                  .build());

      assertEquals(200, download.statusCode());
      assertArrayEquals(blob, download.body());
      WebhookReceiver.Received call = receiver.next(5_000); // the callback arrived ...
      assertEquals(
          0, receiver.answered(), "... and is still unanswered: the download did not wait");
      assertTrue(call.signedWith(key));
      receiver.release();
    }
  }

  @Test
  void private_targets_are_refused_on_iot_and_accepted_on_main_where_the_operator_allows_them()
      throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String loopback = receiver.url("/hook");
      assertEquals(200, register(main, key, device("iot-check-1", loopback)).statusCode());
      for (String target :
          List.of(
              loopback,
              "http://localhost:9/",
              "http://10.0.0.1/",
              "http://172.16.5.4:8080/",
              "http://192.168.1.1/",
              "http://169.254.169.254/latest/meta-data/",
              "http://100.64.0.1/",
              "http://[::1]/",
              "http://[fe80::1]/",
              "http://[fd00::1]/",
              "http://[::ffff:127.0.0.1]/",
              "http://[::ffff:a9fe:a9fe]/",
              "http://0.0.0.0/",
              "ftp://93.184.216.34/")) {
        assertError(
            register(iot, key, device("iot-check-2", target)), 400, "webhook_target_refused");
      }
      assertError(
          register(main, key, device("x", "http://224.0.0.1/")), 400, "webhook_target_refused");
      assertError(
          register(iot, key, device("x", "http://user:pw@93.184.216.34/")),
          400,
          "invalid_callback_url");
      assertEquals(
          200,
          register(iot, key, device("iot-check-3", "https://93.184.216.34/hook")).statusCode(),
          "a public address is accepted on iot");
    }
  }

  @Test
  void bad_registrations_are_answered_with_their_codes() throws Exception {
    String key = Deployment.newAccount("pro").apiKey();
    String other = Deployment.newAccount("pro").apiKey();
    String hash = main.store(key, randomBlob(10));
    String url = "http://127.0.0.1:9/";

    assertError(
        register(main, other, "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + url + "\"}"),
        404,
        "not_found");
    assertError(
        register(
            main,
            key,
            "{\"hash\":\"" + sha256(randomBlob(5)) + "\",\"callback_url\":\"" + url + "\"}"),
        404,
        "not_found");
    assertError(
        register(
            main,
            key,
            "{\"hash\":\"" + hash + "\",\"device_id\":\"d\",\"callback_url\":\"" + url + "\"}"),
        400,
        "invalid_field");
    assertError(register(main, key, "{\"callback_url\":\"" + url + "\"}"), 400, "missing_field");
    assertError(register(main, key, "{\"device_id\":\"d\"}"), 400, "missing_field");
    assertError(
        register(main, key, "{\"device_id\":\"d\",\"callback_url\":5}"), 400, "invalid_field");
    assertError(
        register(main, key, "{\"device_id\":\"d\",\"callback_url\":\"" + url + "\""),
        400,
        "malformed_json");
    assertError(
        register(
            main,
            key,
            "{\"device_id\":\"d\",\"device_id\":\"e\",\"callback_url\":\"" + url + "\"}"),
        400,
        "malformed_json");
    assertError(
        register(main, key, "{\"device_id\":\"no spaces\",\"callback_url\":\"" + url + "\"}"),
        400,
        "invalid_device_id");
    assertError(
        register(
            main,
            key,
            "{\"device_id\":\"d\",\"callback_url\":\""
                + url
                + "\",\"pad\":\""
                + "x".repeat(9_000)
                + "\"}"),
        413,
        "payload_too_large");
    assertError(
        register(main, null, "{\"device_id\":\"d\",\"callback_url\":\"" + url + "\"}"),
        401,
        "missing_key");
    assertEquals(200, main.outbound(key, hash).statusCode());
  }

  @Test
  void an_account_holds_at_most_100_registrations() {
    String key = Deployment.newAccount("free").apiKey();
    for (int i = 0; i < 100; i++) {
      assertEquals(200, register(main, key, device("d-" + i, "http://127.0.0.1:9/")).statusCode());
    }
    assertEquals(
        200,
        register(main, key, device("d-0", "http://127.0.0.1:9/")).statusCode(),
        "the same registration again replaces the old one");
    assertError(
        register(main, key, device("d-100", "http://127.0.0.1:9/")), 409, "too_many_webhooks");
  }

  static HttpResponse<byte[]> register(RelayApi relay, String key, String json) {
    return relay.send(
        relay
            .request("/v2/webhook", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static String device(String device, String url) {
    return "{\"device_id\":\"" + device + "\",\"callback_url\":\"" + url + "\"}";
  }

  private static JsonObject parse(String text) {
    return jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
  }

  private void awaitDelta(MetricsScrape before, String outcome, int expected)
      throws InterruptedException {
    double seen = 0;
    for (long deadline = System.currentTimeMillis() + 5_000;
        System.currentTimeMillis() < deadline; ) {
      seen = delta(before, MetricsScrape.of(main), outcome);
      if (seen >= expected) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(expected, seen, "paramant_webhook_deliveries_total{outcome=" + outcome + "}");
  }

  private static double delta(MetricsScrape before, MetricsScrape after, String outcome) {
    return after.value("paramant_webhook_deliveries_total", "outcome", outcome)
        - before.value("paramant_webhook_deliveries_total", "outcome", outcome);
  }
}
