package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * users.json is the source of truth: changes apply without a restart, a broken file changes
 * nothing.
 *
 * <p>An operator-contract test: its subject is the file the operator owns (docs/operations.md) and
 * that the relays follow it by themselves, so it works on the file. Changes go through the
 * product's own writer ({@code bin/paramant admin --users-file}, as an operator runs it while the
 * console is down: no reload call, the relays notice the file); only the broken file, which no
 * product tool writes, is written by hand, and the digest test reads the file whose digest the
 * relays report.
 */
class AccountsIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri("main"));

  @Test
  void edited_users_file_applies_within_seconds_without_restart_or_reload_call() throws Exception {
    String label = "hot-" + System.nanoTime();
    String key =
        Deployment.usersFileAdmin(
            "add", "--label", label, "--plan", "free", "--email", label + "@example.com");
    assertTrue(key.matches("pgp_[0-9a-f]{64}"), key);
    awaitTrue(
        () ->
            checkKey(key)
                .equals(
                    "{\"namespace\":\"account:" + label + "\",\"plan\":\"free\",\"valid\":true}"),
        "new key accepted");
    assertError(relay.outbound(key, "a".repeat(64)), 404, "not_found");

    Deployment.usersFileAdmin("revoke", "--label", label);
    awaitTrue(() -> relay.outbound(key, "a".repeat(64)).statusCode() == 401, "revoked key refused");
    assertError(relay.outbound(key, "a".repeat(64)), 401, "invalid_key");
  }

  @Test
  void broken_users_file_keeps_the_previous_accounts() throws Exception {
    Path users = Deployment.usersFile();
    byte[] good = Files.readAllBytes(users);
    try {
      String broken =
          "{\"users\":[{\"label\":\"x\",\"plan\":\"platinum\",\"key_sha256\":\""
              + "a".repeat(64)
              + "\"}]}";
      replace(users, broken.getBytes(StandardCharsets.UTF_8));
      Thread.sleep(2_000);
      assertEquals(404, relay.outbound(Deployment.apiKey("pro"), "a".repeat(64)).statusCode());
      assertError(reload(Deployment.adminToken()), 400, "users_file_invalid");
    } finally {
      replace(users, good);
    }
    HttpResponse<byte[]> reloaded = reload(Deployment.adminToken());
    assertEquals(200, reloaded.statusCode(), () -> RelayApi.text(reloaded));
    assertEquals(true, RelayApi.json(reloaded).getBoolean("ok"));
  }

  @Test
  void admin_reload_needs_the_admin_token() {
    assertError(reload(null), 401, "invalid_admin_token");
    assertError(reload("wrong-" + Deployment.adminToken()), 401, "invalid_admin_token");
    assertError(reload(Deployment.apiKey("pro")), 401, "invalid_admin_token");
    HttpResponse<byte[]> ok = reload(Deployment.adminToken());
    assertEquals(200, ok.statusCode(), () -> RelayApi.text(ok));
  }

  @Test
  void users_state_names_the_digest_of_the_file_in_force_on_every_sector() throws Exception {
    Deployment.newAccount("free"); // a fresh file, reloaded by every sector
    byte[] file = Files.readAllBytes(Deployment.usersFile());
    JsonObject users;
    try (var reader = Json.createReader(new java.io.ByteArrayInputStream(file))) {
      users = reader.readObject();
    }
    int all = users.getJsonArray("users").size();
    long active =
        users.getJsonArray("users").stream()
            .filter(u -> u.asJsonObject().getBoolean("active", true))
            .count();

    for (String sector : Deployment.sectors()) {
      RelayApi relay = new RelayApi(Deployment.baseUri(sector));
      HttpResponse<byte[]> response = usersState(relay, Deployment.adminToken());
      assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
      JsonObject state = RelayApi.json(response);
      assertEquals(
          java.util.Set.of("ok", "users_sha256", "users", "active", "loaded_at"), state.keySet());
      assertEquals(true, state.getBoolean("ok"));
      assertEquals(RelayApi.sha256(file), state.getString("users_sha256"), sector);
      assertEquals(all, state.getInt("users"), sector);
      assertEquals(active, state.getInt("active"), sector);
      java.time.Instant loadedAt = java.time.Instant.parse(state.getString("loaded_at"));
      assertTrue(loadedAt.isBefore(java.time.Instant.now().plusSeconds(1)), sector);
    }

    HttpResponse<byte[]> reloaded = reload(Deployment.adminToken());
    assertEquals(200, reloaded.statusCode(), () -> RelayApi.text(reloaded));
    assertEquals(
        Json.createObjectBuilder()
            .add("ok", true)
            .add("users", all)
            .add("users_sha256", RelayApi.sha256(file))
            .build(),
        RelayApi.json(reloaded));
  }

  @Test
  void users_state_needs_the_admin_token() {
    assertError(usersState(relay, null), 401, "invalid_admin_token");
    assertError(usersState(relay, Deployment.apiKey("enterprise")), 401, "invalid_admin_token");
    // the right token clears this address's failures (three in a row are free; see below)
    assertEquals(200, usersState(relay, Deployment.adminToken()).statusCode());
  }

  @Test
  void wrong_admin_tokens_are_slowed_down_per_address_and_then_even_the_right_one_waits()
      throws InterruptedException {
    // from 127.0.0.2: an address of its own, so that the slow-down touches no other test
    RawHttp guesser = RawHttp.to(Deployment.baseUri(Deployment.MAIN)).from("127.0.0.2");
    String wrong = "Authorization: Bearer " + "0".repeat(64);
    String right = "Authorization: Bearer " + Deployment.adminToken();
    for (int i = 0; i < 3; i++) {
      assertRawError(guesser.get("/v2/admin/users-state", wrong), 401, "invalid_admin_token");
    }
    // from the fourth on, each wrong token closes the door for twice as long: 1, 2, 4, 8 s
    for (int seconds : new int[] {1, 2, 4, 8}) {
      RawHttp.Response refused = guesser.get("/v2/admin/users-state", wrong);
      assertRawError(refused, 429, "too_many_attempts");
      assertEquals(Integer.toString(seconds), refused.header("Retry-After"));
      if (seconds < 8) {
        Thread.sleep(seconds * 1_000L + 200); // the client waits as told
      }
    }
    // while the door is closed, the right token is not even looked at, on every admin route
    RawHttp.Response waiting = guesser.get("/v2/admin/users-state", right);
    assertRawError(waiting, 429, "too_many_attempts");
    int retryAfter = Integer.parseInt(waiting.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 8, "Retry-After " + retryAfter);
    assertRawError(
        guesser.send("POST", "/v2/admin/reload", new byte[0], right), 429, "too_many_attempts");
    // another address is not slowed down
    assertEquals(200, usersState(relay, Deployment.adminToken()).statusCode());

    Thread.sleep(retryAfter * 1_000L + 200);
    RawHttp.Response admitted = guesser.get("/v2/admin/users-state", right);
    assertEquals(200, admitted.status(), admitted::toString);
    // the success cleared the address: three free failures again
    assertRawError(guesser.get("/v2/admin/users-state", wrong), 401, "invalid_admin_token");
    assertEquals(200, guesser.get("/v2/admin/users-state", right).status());
  }

  private static void assertRawError(RawHttp.Response response, int status, String code) {
    assertEquals(status, response.status(), response::toString);
    assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/json"));
    JsonObject json;
    try (var reader = Json.createReader(new java.io.StringReader(response.body()))) {
      json = reader.readObject();
    }
    assertEquals(false, json.getBoolean("ok"));
    assertEquals(code, json.getString("error"));
    assertTrue(json.getString("detail").length() > 0);
  }

  private static HttpResponse<byte[]> usersState(RelayApi relay, String token) {
    HttpRequest.Builder request = relay.request("/v2/admin/users-state", null).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return relay.send(request.build());
  }

  private HttpResponse<byte[]> reload(String token) {
    HttpRequest.Builder request =
        relay.request("/v2/admin/reload", null).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return relay.send(request.build());
  }

  private String checkKey(String key) {
    return RelayApi.json(relay.get("/v2/check-key", key)).toString();
  }

  /** An operator's hand edit: the whole file, atomically renamed over the old one. */
  private static void replace(Path file, byte[] content) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), "users", ".tmp");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within 5 s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
