package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.paramant.accounts.Plan;
import io.paramant.relay.RelayException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Team devices and add-device against a stand-in admin console (the JDK's HTTP server). */
class TeamsTest {

  private static final String ADMIN_TOKEN = "t".repeat(40);
  private static final String NEW_KEY = "pgp_" + "ab".repeat(32);

  @TempDir Path data;

  private HttpServer console;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status = 201;
  private volatile String answer;
  private volatile String retryAfter;
  private volatile long delayMs;

  @BeforeEach
  void startConsole() throws IOException {
    console = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    console.createContext("/api/users", this::handle);
    console.start();
  }

  @AfterEach
  void stopConsole() {
    console.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + " "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = (answer == null ? "" : answer).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private URI consoleUrl() {
    return URI.create("http://127.0.0.1:" + console.getAddress().getPort());
  }

  private Teams teams(URI consoleUrl, Duration timeout) throws IOException {
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);
    AdminConsole client =
        consoleUrl == null
            ? null
            : new AdminConsole(
                AdminConsole.parseUrl(consoleUrl.toString()),
                ADMIN_TOKEN,
                AdminConsole.httpClient(),
                timeout);
    return new Teams(accounts, client);
  }

  private Teams teams() throws IOException {
    return teams(consoleUrl(), Duration.ofSeconds(5));
  }

  private static final Account PRO_LEAD =
      new Account("radiology", Plan.PRO, "lead@example.com", true, null, null);
  private static final Account PRO_MEMBER =
      new Account("scanner-1", Plan.PRO, "s1@example.com", true, "radiology", null);
  private static final Account FREE = new Account("frugal", Plan.FREE, null, true, null, null);

  @BeforeEach
  void users() throws IOException {
    writeUsers(
        user("radiology", "pro", null),
        user("scanner-1", "pro", "radiology"),
        user("frugal", "free", null),
        user("till-1", "pro", "finance"));
  }

  @Test
  void devices_are_the_callers_team() throws IOException {
    Team team = teams().devices(PRO_MEMBER);

    assertEquals("radiology", team.name());
    assertEquals(
        List.of("radiology", "scanner-1"), team.members().stream().map(Account::label).toList());
  }

  @Test
  void add_device_forwards_label_plan_email_and_team_and_returns_the_key_once() throws IOException {
    answer =
        "{\"ok\":true,\"label\":\"scanner-2\",\"plan\":\"pro\",\"team\":\"radiology\",\"key\":\""
            + NEW_KEY
            + "\"}";

    NewDevice added = teams().addDevice(PRO_MEMBER, "scanner-2", "it@example.com");

    assertEquals(new NewDevice("scanner-2", "radiology", "pro", NEW_KEY), added);
    assertFalse(added.toString().contains(NEW_KEY), added.toString());
    assertEquals(1, requests.size());
    String request = requests.get(0);
    assertTrue(request.startsWith("POST /api/users "), request);
    JsonObject body = Json.createReader(new StringReader(request.substring(16))).readObject();
    assertEquals(
        Json.createObjectBuilder()
            .add("label", "scanner-2")
            .add("plan", "pro")
            .add("email", "it@example.com")
            .add("team", "radiology")
            .build(),
        body);
    assertEquals(List.of("Bearer " + ADMIN_TOKEN), authorizations);
  }

  @Test
  void the_email_defaults_to_the_callers_and_a_lead_adds_to_its_own_team() throws IOException {
    answer = "{\"ok\":true,\"label\":\"scanner-2\",\"plan\":\"pro\",\"key\":\"" + NEW_KEY + "\"}";

    NewDevice added = teams().addDevice(PRO_LEAD, "scanner-2", null);

    assertEquals("radiology", added.team());
    assertTrue(requests.get(0).contains("\"email\":\"lead@example.com\""), requests.get(0));
    assertTrue(requests.get(0).contains("\"team\":\"radiology\""), requests.get(0));
  }

  @Test
  void a_free_caller_is_refused_before_anything_else() throws IOException {
    Teams teams = teams();

    assertEquals("plan_required", code(() -> teams.addDevice(FREE, "x", null)));
    assertEquals("plan_required", code(() -> teams.addDevice(FREE, "-bad label", null)));
    assertEquals(List.of(), requests);
  }

  @Test
  void bad_label_and_email_are_refused_without_asking_the_console() throws IOException {
    Teams teams = teams();

    assertEquals("missing_field", code(() -> teams.addDevice(PRO_LEAD, null, null)));
    assertEquals("invalid_label", code(() -> teams.addDevice(PRO_LEAD, "", null)));
    assertEquals("invalid_label", code(() -> teams.addDevice(PRO_LEAD, "a b", null)));
    assertEquals("invalid_label", code(() -> teams.addDevice(PRO_LEAD, "x".repeat(65), null)));
    assertEquals("invalid_email", code(() -> teams.addDevice(PRO_LEAD, "ok", "no-at-sign")));
    assertEquals("invalid_email", code(() -> teams.addDevice(PRO_LEAD, "ok", "a b@example.com")));
    assertEquals(List.of(), requests);
  }

  @Test
  void a_label_in_users_json_is_taken_without_asking_the_console() throws IOException {
    Teams teams = teams();

    assertEquals("label_taken", code(() -> teams.addDevice(PRO_LEAD, "till-1", null)));
    assertEquals(List.of(), requests);
  }

  @Test
  void a_full_team_counts_revoked_members_against_the_plan() throws IOException {
    List<String> users = new ArrayList<>();
    users.add(user("radiology", "pro", null));
    for (int i = 1; i < Plan.PRO.maxDevices(); i++) {
      users.add(
          user("device-" + i, "pro", "radiology").replace("\"active\":true", "\"active\":false"));
    }
    writeUsers(users.toArray(String[]::new));
    Teams teams = teams();

    assertEquals("device_limit", code(() -> teams.addDevice(PRO_LEAD, "one-more", null)));
    assertEquals(List.of(), requests);
  }

  @Test
  void console_refusals_are_passed_on() throws IOException {
    Teams teams = teams();

    status = 402;
    answer = "{\"ok\":false,\"error\":\"edition_limit\",\"detail\":\"At most 5 active users.\"}";
    RelayException limit = refusal(() -> teams.addDevice(PRO_LEAD, "new-1", null));
    assertEquals("edition_limit", limit.code());
    assertEquals(RelayException.Kind.EDITION_LIMIT, limit.kind());
    assertEquals("At most 5 active users.", limit.detail());

    status = 409;
    answer = "{\"ok\":false,\"error\":\"label_taken\",\"detail\":\"exists\"}";
    assertEquals("label_taken", code(() -> teams.addDevice(PRO_LEAD, "new-2", null)));

    status = 400;
    answer = "{\"ok\":false,\"error\":\"invalid_email\",\"detail\":\"The address bounces.\"}";
    RelayException invalid = refusal(() -> teams.addDevice(PRO_LEAD, "new-3", "a@b"));
    assertEquals("invalid_email", invalid.code());
    assertEquals(RelayException.Kind.INVALID, invalid.kind());
    assertEquals("The address bounces.", invalid.detail());

    status = 400;
    answer = "<html>no</html>";
    assertEquals("invalid_request", code(() -> teams.addDevice(PRO_LEAD, "new-4", null)));
  }

  @Test
  void a_console_that_fails_is_unavailable_with_retry_after() throws IOException {
    Teams teams = teams();

    status = 500;
    answer = "{\"ok\":false,\"error\":\"internal_error\",\"detail\":\"x\"}";
    AdminUnavailableException failed =
        assertThrows(
            AdminUnavailableException.class, () -> teams.addDevice(PRO_LEAD, "new-1", null));
    assertEquals("admin_unavailable", failed.code());
    assertEquals(AdminConsole.DEFAULT_RETRY_AFTER_SECONDS, failed.retryAfterSeconds());

    status = 503;
    retryAfter = "7";
    assertEquals(
        7,
        assertThrows(
                AdminUnavailableException.class, () -> teams.addDevice(PRO_LEAD, "new-2", null))
            .retryAfterSeconds());

    status = 401; // a wrong admin token is the operator's problem, not the caller's
    retryAfter = null;
    assertEquals("admin_unavailable", code(() -> teams.addDevice(PRO_LEAD, "new-3", null)));
  }

  @Test
  void a_201_without_a_usable_key_is_unavailable() throws IOException {
    Teams teams = teams();

    for (String broken :
        new String[] {"", "{}", "{\"key\":42}", "{\"key\":\"pgp_\"}", "{\"key\":\"sk_abc\"}"}) {
      answer = broken;
      assertEquals("admin_unavailable", code(() -> teams.addDevice(PRO_LEAD, "new-1", null)));
    }
  }

  @Test
  void an_unreachable_slow_or_missing_console_is_unavailable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Teams unreachable = teams(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(5));
    assertEquals("admin_unavailable", code(() -> unreachable.addDevice(PRO_LEAD, "new-1", null)));

    delayMs = 1_500;
    answer = "{\"ok\":true,\"label\":\"new-2\",\"key\":\"" + NEW_KEY + "\"}";
    Teams slow = teams(consoleUrl(), Duration.ofMillis(300));
    assertEquals("admin_unavailable", code(() -> slow.addDevice(PRO_LEAD, "new-2", null)));

    Teams none = teams(null, null);
    assertEquals("admin_unavailable", code(() -> none.addDevice(PRO_LEAD, "new-3", null)));
  }

  @Test
  void admin_urls_must_be_http_with_a_host() {
    assertEquals(
        URI.create("http://127.0.0.1:4200/"), AdminConsole.parseUrl("http://127.0.0.1:4200"));
    assertEquals(
        URI.create("https://admin.example/console/"),
        AdminConsole.parseUrl(" https://admin.example/console "));
    for (String bad :
        new String[] {
          "127.0.0.1:4200",
          "ftp://x/",
          "http://",
          "http://u:p@x/",
          "http://x/?q",
          "http://x/#f",
          "::"
        }) {
      assertThrows(IllegalArgumentException.class, () -> AdminConsole.parseUrl(bad), bad);
    }
  }

  // ------------------------------------------------------------------------------------------------

  private static String code(Runnable action) {
    return refusal(action).code();
  }

  private static RelayException refusal(Runnable action) {
    return assertThrows(RelayException.class, action::run);
  }

  private void writeUsers(String... users) throws IOException {
    Files.writeString(data.resolve("users.json"), "{\"users\":[" + String.join(",", users) + "]}");
  }

  private static String user(String label, String plan, String team) {
    return "{\"label\":\""
        + label
        + "\",\"plan\":\""
        + plan
        + "\",\"email\":\""
        + label
        + "@example.com\",\"active\":true,\"key_sha256\":\""
        + sha256Hex("pgp_" + label)
        + "\""
        + (team == null ? "" : ",\"team\":\"" + team + "\"")
        + "}";
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
