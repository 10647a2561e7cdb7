package io.paramant.client.cli;

import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The admin console's API (API.md "Admin API"): the console writes users.json and tells every
 * sector. A refusal becomes an {@link AdminCommand.AdminFailure} with the console's sentence and
 * the exit code for its status.
 */
final class AdminApiClient implements UserAdministration {

  /** The header that carries the TOTP code (the console's {@code BearerFilter}). */
  static final String TOTP_HEADER = "X-Admin-TOTP";

  private final URI base;
  private final String token;
  private final String totpCode; // null: none given (asked for at the terminal if needed)

  AdminApiClient(URI base, String token, String totpCode) {
    this.base = base;
    this.token = token;
    this.totpCode = totpCode;
  }

  @Override
  public NewUser add(String label, String plan, String email, String team) {
    JsonObjectBuilder body =
        Json.createObjectBuilder().add("label", label).add("plan", plan).add("email", email);
    if (team != null) {
      body.add("team", team);
    }
    JsonObject answer = call("POST", "/users", body.build());
    return new NewUser(new User(label, plan, email, true, null, team), answer.getString("key"));
  }

  @Override
  public List<User> list() {
    return call("GET", "/users", null).getJsonArray("users").stream()
        .map(JsonValue::asJsonObject)
        .map(AdminApiClient::user)
        .toList();
  }

  @Override
  public User revoke(String label) {
    return user(call("POST", "/users/" + segment(label) + "/revoke", null).getJsonObject("user"));
  }

  @Override
  public User activate(String label) {
    return user(call("POST", "/users/" + segment(label) + "/activate", null).getJsonObject("user"));
  }

  @Override
  public User changePlan(String label, String plan) {
    JsonObject body = Json.createObjectBuilder().add("plan", plan).build();
    return user(call("POST", "/users/" + segment(label) + "/plan", body).getJsonObject("user"));
  }

  /** {@code POST /api/sync}: every sector's answer. */
  JsonObject sync() {
    return call("POST", "/sync", null);
  }

  /**
   * Calls the console; returns the JSON answer of a 2xx, throws {@link AdminCommand.AdminFailure}
   * otherwise.
   */
  private JsonObject call(String method, String path, JsonObject body) {
    HttpResponse<String> response = send(method, path, body, totpCode);
    if (response.statusCode() == 401
        && totpCode == null
        && "required".equals(response.headers().firstValue(TOTP_HEADER).orElse(null))) {
      java.io.Console terminal = System.console();
      if (terminal == null) {
        throw new AdminCommand.AdminFailure(
            "the admin console needs a TOTP code: give --totp CODE or set PARAMANT_ADMIN_TOTP",
            ExitCodes.REFUSED);
      }
      String typed = terminal.readLine("TOTP code: ");
      if (typed != null && !typed.isBlank()) {
        response = send(method, path, body, typed.strip());
      }
    }
    return answer(response);
  }

  private HttpResponse<String> send(String method, String path, JsonObject body, String code) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root + "api" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (code != null) {
      request.header(TOTP_HEADER, code);
    }
    try {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdminCommand.AdminFailure(
          "the admin console at " + base + " did not answer (" + e.getClass().getSimpleName() + ")",
          ExitCodes.RELAY_ERROR);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminCommand.AdminFailure("interrupted", ExitCodes.LOCAL_ERROR);
    }
  }

  private static JsonObject answer(HttpResponse<String> response) {
    JsonObject json = parse(response.body());
    int status = response.statusCode();
    if (status / 100 == 2 && json != null) {
      return json;
    }
    String detail =
        json != null && json.get("detail") instanceof JsonString d
            ? d.getString()
            : "HTTP " + status;
    int exit =
        switch (status) {
          case 400 -> ExitCodes.USAGE;
          case 401, 402, 409, 429 -> ExitCodes.REFUSED;
          case 404 -> ExitCodes.NOT_FOUND;
          default -> ExitCodes.RELAY_ERROR;
        };
    throw new AdminCommand.AdminFailure(
        "the admin console refused (" + status + "): " + detail, exit);
  }

  private static JsonObject parse(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static User user(JsonObject u) {
    return new User(
        text(u, "label"),
        text(u, "plan"),
        text(u, "email"),
        u.getBoolean("active", false),
        text(u, "created"),
        text(u, "team"));
  }

  private static String text(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s ? s.getString() : null;
  }

  /** A label as one URL path segment (the console refuses anything outside its label rule). */
  private static String segment(String label) {
    return URLEncoder.encode(label, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
