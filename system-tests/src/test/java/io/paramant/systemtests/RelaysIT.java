package io.paramant.systemtests;

import static io.paramant.systemtests.Deployment.FINANCE;
import static io.paramant.systemtests.Deployment.IOT;
import static io.paramant.systemtests.Deployment.LEGAL;
import static io.paramant.systemtests.Deployment.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/relays} on the deployment of the launcher: every sector of the launcher in its
 * order, main and iot up, the three others down (health never starts; legal and finance, which
 * other tests start, are stopped here first).
 */
class RelaysIT {

  private static final Set<String> FIELDS =
      Set.of("sector", "url", "self", "status", "version", "edition", "latency_ms");

  @BeforeAll
  static void onlyMainAndIotRun() {
    Deployment.down(LEGAL);
    Deployment.down(FINANCE);
  }

  @Test
  void each_relay_lists_every_sector_in_order_with_main_and_iot_up_and_itself_as_self()
      throws Exception {
    for (String self : List.of(MAIN, IOT)) {
      JsonArray expected = expected(self);
      // a probe result may be up to 5 s old: legal or finance may have been up a moment ago
      JsonObject answer = awaitDownToSettle(self, expected);
      assertEquals(Set.of("ok", "relays"), answer.keySet());
      assertEquals(JsonValue.TRUE, answer.get("ok"));
      JsonArray relays = answer.getJsonArray("relays");
      for (JsonValue relay : relays) {
        assertEquals(FIELDS, relay.asJsonObject().keySet(), relay::toString);
      }
      assertEquals(expected, withoutLatency(relays), answer::toString);
      for (JsonValue relay : relays) {
        JsonObject node = relay.asJsonObject();
        JsonValue latency = node.get("latency_ms");
        if (node.getString("status").equals("up") && !node.getBoolean("self")) {
          assertEquals(JsonValue.ValueType.NUMBER, latency.getValueType(), node::toString);
          assertTrue(node.getJsonNumber("latency_ms").longValueExact() >= 0, node::toString);
          assertTrue(node.getJsonNumber("latency_ms").longValueExact() < 2_000, node::toString);
        } else {
          assertEquals(JsonValue.NULL, latency, node::toString);
        }
      }
    }
  }

  @Test
  void a_burst_of_requests_probes_a_peer_at_most_once_per_five_seconds() throws Exception {
    RelayApi main = new RelayApi(Deployment.baseUri(MAIN));
    RelayApi iot = new RelayApi(Deployment.baseUri(IOT));
    double before = iotHealthRequests(iot);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    long start = System.nanoTime();
    try {
      List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(pool.submit(() -> main.get("/v2/relays", null)));
      }
      for (Future<HttpResponse<byte[]>> answer : answers) {
        HttpResponse<byte[]> response = answer.get();
        assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
      }
    } finally {
      pool.shutdownNow();
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    double probes = iotHealthRequests(iot) - before;

    // one round per started 5 s window, plus the window that may have begun just before
    assertTrue(
        probes <= seconds / 5 + 2, probes + " probes of iot for 200 requests in " + seconds + " s");
  }

  @Test
  void paramant_scan_prints_each_relay_of_the_deployment() throws Exception {
    awaitDownToSettle(MAIN, expected(MAIN));
    URI main = Deployment.baseUri(MAIN);

    Process scan =
        new ProcessBuilder(
                Deployment.repoRoot().resolve("bin/paramant").toString(),
                "scan",
                "--relay",
                main.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(scan.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(scan.waitFor(2, TimeUnit.MINUTES));

    assertEquals(0, scan.exitValue(), err);
    assertEquals("", err);
    List<String> lines = out.lines().toList();
    assertEquals(Deployment.ALL_SECTORS.size(), lines.size(), out);
    for (int i = 0; i < lines.size(); i++) {
      String sector = Deployment.ALL_SECTORS.get(i);
      String url = "http://127.0.0.1:" + Deployment.baseUri(sector).getPort();
      JsonObject health = sector.equals(MAIN) || sector.equals(IOT) ? health(sector) : null;
      String expected =
          health == null
              ? sector + " down " + url
              : sector
                  + " up "
                  + url
                  + " version="
                  + health.getString("version")
                  + " edition="
                  + health.getString("edition");
      if (sector.equals(MAIN)) {
        assertEquals(expected + " self", lines.get(i), out);
      } else if (health != null) {
        assertTrue(lines.get(i).matches(Pattern.quote(expected) + " latency=[0-9]+ms"), out);
      } else {
        assertEquals(expected, lines.get(i), out);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------

  /**
   * The answer expected from {@code self}, without latencies (checked apart): version and edition
   * as the running relays' own /health says.
   */
  private static JsonArray expected(String self) {
    JsonArrayBuilder relays = Json.createArrayBuilder();
    for (String sector : Deployment.ALL_SECTORS) {
      boolean up = sector.equals(MAIN) || sector.equals(IOT);
      JsonObjectBuilder relay =
          Json.createObjectBuilder()
              .add("sector", sector)
              .add("url", "http://127.0.0.1:" + Deployment.baseUri(sector).getPort())
              .add("self", sector.equals(self))
              .add("status", up ? "up" : "down");
      if (up) {
        JsonObject health = health(sector);
        relay
            .add("version", health.getString("version"))
            .add("edition", health.getString("edition"));
      } else {
        relay.addNull("version").addNull("edition");
      }
      relays.add(relay);
    }
    return relays.build();
  }

  private static JsonArray withoutLatency(JsonArray relays) {
    JsonArrayBuilder stripped = Json.createArrayBuilder();
    for (JsonValue relay : relays) {
      stripped.add(Json.createObjectBuilder(relay.asJsonObject()).remove("latency_ms"));
    }
    return stripped.build();
  }

  private static JsonObject awaitDownToSettle(String sector, JsonArray expected)
      throws InterruptedException {
    RelayApi relay = new RelayApi(Deployment.baseUri(sector));
    long deadline = System.currentTimeMillis() + 12_000;
    while (true) {
      HttpResponse<byte[]> response = relay.get("/v2/relays", null);
      assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
      JsonObject answer = RelayApi.json(response);
      if (withoutLatency(answer.getJsonArray("relays")).equals(expected)
          || System.currentTimeMillis() > deadline) {
        return answer;
      }
      Thread.sleep(500);
    }
  }

  private static JsonObject health(String sector) {
    return RelayApi.json(new RelayApi(Deployment.baseUri(sector)).get("/health", null));
  }

  private static double iotHealthRequests(RelayApi iot) {
    return MetricsScrape.of(iot)
        .value("paramant_requests_total", "route", "/health", "status", "200");
  }
}
