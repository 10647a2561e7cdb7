package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The admin console's API (API.md "Admin API") against the real admin.war and relays. */
class AdminApiIT {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final AdminApi api = AdminApi.console();
  private final RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  private static String label(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
  }

  private static String body(String label, String plan) {
    return "{\"label\":\""
        + label
        + "\",\"plan\":\""
        + plan
        + "\",\"email\":\""
        + label
        + "@example.test\"}";
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers().toString());
    JsonObject json = AdminApi.json(response);
    assertFalse(json.getBoolean("ok"));
    assertEquals(code, json.getString("error"), response.body());
    assertFalse(json.getString("detail").isBlank());
  }

  private JsonObject user(String label) {
    for (JsonValue u : AdminApi.json(api.send("GET", "/api/users", null)).getJsonArray("users")) {
      if (u.asJsonObject().getString("label").equals(label)) {
        return u.asJsonObject();
      }
    }
    throw new AssertionError("no user " + label);
  }

  @Test
  void everyRouteNeedsTheAdminToken() {
    assertError(
        AdminApi.of(Deployment.adminUri(), null).send("GET", "/api/users", null),
        401,
        "unauthorized");
    assertError(
        AdminApi.of(Deployment.adminUri(), "x".repeat(40)).send("POST", "/api/sync", null),
        401,
        "unauthorized");
    assertEquals(200, api.send("GET", "/api/users", null).statusCode()); // clears the failures
  }

  /**
   * The console's API errors byte for byte, with the console's headers (the error record, its
   * writer, the bearer parsing and the headers filter live in web-platform).
   */
  @Test
  void errorAnswersKeepTheirBytesAndHeaders() {
    HttpResponse<String> none = api.send("GET", "/api/nothing", null);
    assertEquals(404, none.statusCode(), none.body());
    assertEquals(
        "{\"ok\":false,\"error\":\"not_found\",\"detail\":\"No such admin API route.\"}",
        none.body());
    assertConsoleHeaders(none);

    HttpResponse<String> stranger =
        AdminApi.of(Deployment.adminUri(), null).send("GET", "/api/users", null);
    assertEquals(401, stranger.statusCode(), stranger.body());
    assertEquals(
        "{\"ok\":false,\"error\":\"unauthorized\","
            + "\"detail\":\"This route needs Authorization: Bearer <ADMIN_TOKEN>.\"}",
        stranger.body());
    assertConsoleHeaders(stranger);
    assertEquals(200, api.send("GET", "/api/users", null).statusCode()); // clears the failure
  }

  private static void assertConsoleHeaders(HttpResponse<String> response) {
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null));
    assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals(
        "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'",
        response.headers().firstValue("Content-Security-Policy").orElse(null));
  }

  @Test
  void addShowsTheKeyOnceAndTheSectorsAcceptItAtOnce() {
    String label = label("api");
    HttpResponse<String> added = api.send("POST", "/api/users", body(label, "pro"));
    assertEquals(201, added.statusCode(), added.body());
    JsonObject json = AdminApi.json(added);
    assertEquals(Set.of("ok", "label", "plan", "key", "namespace"), json.keySet());
    assertEquals("account:" + label, json.getString("namespace"));
    assertEquals(label, json.getString("label"));
    assertEquals("pro", json.getString("plan"));
    String key = json.getString("key");
    assertTrue(key.matches("pgp_[0-9a-f]{64}"));

    assertEquals(
        "{\"namespace\":\"account:" + label + "\",\"plan\":\"pro\",\"valid\":true}",
        RelayApi.json(main.get("/v2/check-key", key)).toString());
    JsonObject listed = user(label);
    assertEquals(
        Set.of("label", "plan", "active", "email", "created", "team", "namespace"),
        listed.keySet());
    assertTrue(listed.getBoolean("active"));
    assertEquals(JsonValue.NULL, listed.get("team"));
    assertEquals("account:" + label, listed.getString("namespace"));
    assertFalse(api.send("GET", "/api/users", null).body().contains(key), "never listed");
    assertFalse(api.send("GET", "/api/users", null).body().contains("key_sha256"));
  }

  @Test
  void planChangeRevokeAndActivateReachEverySector() {
    String label = label("api");
    String key =
        AdminApi.json(api.send("POST", "/api/users", body(label, "free"))).getString("key");
    RelayApi iot = new RelayApi(Deployment.baseUri(Deployment.IOT));

    HttpResponse<String> plan =
        api.send("POST", "/api/users/" + label + "/plan", "{\"plan\":\"enterprise\"}");
    assertEquals(200, plan.statusCode(), plan.body());
    assertEquals("enterprise", AdminApi.json(plan).getJsonObject("user").getString("plan"));
    assertEquals(
        "{\"namespace\":\"account:" + label + "\",\"plan\":\"enterprise\",\"valid\":true}",
        RelayApi.json(iot.get("/v2/check-key", key)).toString());

    assertEquals(200, api.send("POST", "/api/users/" + label + "/revoke", null).statusCode());
    assertFalse(user(label).getBoolean("active"));
    RelayApi.assertError(main.get("/v2/monitor", key), 401, "invalid_key");
    RelayApi.assertError(iot.get("/v2/monitor", key), 401, "invalid_key");
    assertEquals(
        200, api.send("POST", "/api/users/" + label + "/revoke", null).statusCode(), "idempotent");

    assertEquals(200, api.send("POST", "/api/users/" + label + "/activate", null).statusCode());
    assertEquals(200, main.get("/v2/monitor", key).statusCode());
  }

  @Test
  void badRequestsGetClearErrorsAndChangeNothing() throws Exception {
    String label = label("api");
    assertEquals(201, api.send("POST", "/api/users", body(label, "free")).statusCode());
    byte[] before = Files.readAllBytes(Deployment.usersFile());

    assertError(api.send("POST", "/api/users", body(label, "pro")), 409, "label_taken");
    assertError(api.send("POST", "/api/users", body(label("x"), "gold")), 400, "invalid_plan");
    assertError(
        api.send("POST", "/api/users", "{\"label\":\"a b\",\"plan\":\"free\",\"email\":\"a@b.c\"}"),
        400,
        "invalid_label");
    assertError(
        api.send("POST", "/api/users", "{\"plan\":\"free\",\"email\":\"a@b.c\"}"),
        400,
        "invalid_label");
    assertError(
        api.send("POST", "/api/users", "{\"label\":\"ok1\",\"plan\":\"free\",\"email\":7}"),
        400,
        "invalid_email");
    assertError(api.send("POST", "/api/users", "{\"label\":"), 400, "invalid_json");
    assertError(api.send("POST", "/api/users", "[]"), 400, "invalid_json");
    assertError(
        api.send("POST", "/api/users", "{\"label\":\"" + "a".repeat(9000) + "\"}"),
        413,
        "body_too_large");
    assertError(api.send("POST", "/api/users/nobody-here/revoke", null), 404, "not_found");
    assertError(
        api.send("POST", "/api/users/" + label + "/plan", "{\"plan\":\"gold\"}"),
        400,
        "invalid_plan");
    assertError(api.send("GET", "/api/nothing", null), 404, "not_found");
    assertError(api.send("DELETE", "/api/users", null), 405, "method_not_allowed");

    assertEquals(
        List.of(before.length), List.of(Files.readAllBytes(Deployment.usersFile()).length));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(Deployment.usersFile())));
  }

  @Test
  void twoAdminsAddingAtOnceLoseNothing() throws Exception {
    AdminApi first = AdminApi.console();
    AdminApi second = AdminApi.console();
    String prefix = label("race");
    // Four requests in flight at a time: half of what one address may have (accounts
    // GuessThrottle: failures plus requests in flight at most 8). Wrong tokens that other tests of
    // this address sent (everyRouteNeedsTheAdminToken) may still close the door for a second or
    // leave it at one request at a time: two CI runs got 429 too_many_attempts. One admitted
    // request first clears them; with the right token none of the race is then slowed down.
    first.admittedOnce();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String a = prefix + "-a" + i;
      String b = prefix + "-b" + i;
      calls.add(pool.submit(() -> first.send("POST", "/api/users", body(a, "free"))));
      calls.add(pool.submit(() -> second.send("POST", "/api/users", body(b, "free"))));
    }
    Set<String> keys = new HashSet<>();
    for (Future<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get();
      assertEquals(201, response.statusCode(), response.body());
      keys.add(AdminApi.json(response).getString("key"));
    }
    pool.shutdown();
    assertEquals(40, keys.size());

    Set<String> listed =
        AdminApi.json(api.send("GET", "/api/users", null)).getJsonArray("users").stream()
            .map(u -> u.asJsonObject().getString("label"))
            .filter(l -> l.startsWith(prefix + "-"))
            .collect(Collectors.toSet());
    assertEquals(40, listed.size());
    String file = Files.readString(Deployment.usersFile());
    for (int i = 0; i < 20; i++) {
      assertTrue(file.contains("\"" + prefix + "-a" + i + "\""));
      assertTrue(file.contains("\"" + prefix + "-b" + i + "\""));
    }
    for (String key : keys) {
      assertEquals(200, main.get("/v2/monitor", key).statusCode());
    }
  }

  @Test
  void everySectorIsSyncedAndOneThatWasDownIsSyncedWhenItReturns() throws Exception {
    // other tests edit users.json behind the console's back (and break it on purpose): sync first
    assertEquals(200, api.send("POST", "/api/sync", null).statusCode());
    Map<String, JsonObject> sectors = sectors();
    assertEquals(Set.of("main", "health", "finance", "legal", "iot"), sectors.keySet());
    assertEquals("in_sync", sectors.get("main").getString("status"));
    assertEquals("in_sync", sectors.get("iot").getString("status"));
    assertEquals("out_of_sync", sectors.get("health").getString("status"));
    assertFalse(sectors.get("health").getBoolean("reachable"));

    // a change while sector health is down, then health comes up: the console syncs it
    String label = label("late");
    String key =
        AdminApi.json(api.send("POST", "/api/users", body(label, "free"))).getString("key");
    JsonObject sync = AdminApi.json(api.send("POST", "/api/sync", null));
    assertTrue(sync.getBoolean("ok"));
    assertEquals(
        AdminApi.json(api.send("GET", "/api/sectors", null)).getString("users_sha256"),
        sync.getString("users_sha256"));
    try {
      Deployment.up(Deployment.HEALTH);
      long deadline = System.currentTimeMillis() + 15_000;
      while (!"in_sync".equals(sectors().get("health").getString("status"))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      JsonObject health = sectors().get("health");
      assertEquals("in_sync", health.getString("status"), health.toString());
      assertEquals(sync.getString("users_sha256"), health.getString("users_sha256"));
      RelayApi healthRelay = new RelayApi(Deployment.baseUri(Deployment.HEALTH));
      assertEquals(200, healthRelay.get("/v2/monitor", key).statusCode());
    } finally {
      Deployment.down(Deployment.HEALTH);
    }
  }

  private Map<String, JsonObject> sectors() {
    JsonObject answer = AdminApi.json(api.send("GET", "/api/sectors", null));
    return answer.getJsonArray("sectors").stream()
        .map(JsonValue::asJsonObject)
        .collect(
            Collectors.toMap(
                s -> s.getString("sector"), s -> s, (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
