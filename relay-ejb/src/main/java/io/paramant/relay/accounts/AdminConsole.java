package io.paramant.relay.accounts;

import io.paramant.accounts.JsonText;
import io.paramant.accounts.Plan;
import io.paramant.accounts.SectorList;
import io.paramant.relay.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin console's {@code POST /api/users}, as the relay calls it for {@code POST
 * /v2/team/add-device}: the console alone writes users.json, and reloads every sector before it
 * answers. The API key in a 201 answer is handed to the caller once and never logged, kept or put
 * into a message.
 */
final class AdminConsole {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The console reloads every sector before it answers; that may take a few seconds. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** Retry-After when the console gives none. */
  static final int DEFAULT_RETRY_AFTER_SECONDS = 10;

  private static final int MAX_ANSWER = 64 * 1024;
  private static final int MAX_DETAIL = 300;
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern API_KEY = Pattern.compile("pgp_[A-Za-z0-9_-]{16,500}");
  private static final System.Logger LOG = System.getLogger(AdminConsole.class.getName());

  /** The console's answer to a successful add; {@link #toString} leaves the key out. */
  record Created(String label, String plan, String team, String key) {
    @Override
    public String toString() {
      return "Created[" + label + ", " + plan + ", team " + team + "]";
    }
  }

  private final URI users;
  private final String token;
  private final HttpClient http;
  private final Duration requestTimeout;

  AdminConsole(URI adminUrl, String token, HttpClient http) {
    this(adminUrl, token, http, REQUEST_TIMEOUT);
  }

  /** For tests: another time limit for the console's answer. */
  AdminConsole(URI adminUrl, String token, HttpClient http, Duration requestTimeout) {
    this.users = adminUrl.resolve("api/users");
    this.token = token;
    this.http = http;
    this.requestTimeout = requestTimeout;
  }

  /** The client for the console: HTTP/1.1, no redirects, no proxy, a short connect timeout. */
  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .build();
  }

  /**
   * {@code paramant.admin-url}: an absolute {@code http} or {@code https} URL of the console, made
   * to end with {@code /}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static URI parseUrl(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "paramant.admin-url (PARAMANT_ADMIN_URL) is not a URL: " + e.getReason());
    }
    if (!SectorList.isBaseUrl(uri)) {
      throw new IllegalArgumentException(
          "paramant.admin-url (PARAMANT_ADMIN_URL) must be an http(s) URL with a host and no"
              + " user, query or fragment, e.g. http://127.0.0.1:4200");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return URI.create(
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getRawAuthority()
            + (path.endsWith("/") ? path : path + "/"));
  }

  /**
   * Adds an account through the console.
   *
   * @throws InvalidInputException the console's 400, with its code and detail
   * @throws TeamException {@code edition_limit} (402) or {@code label_taken} (409)
   * @throws AdminUnavailableException when the console cannot be reached, times out, or answers
   *     anything else
   */
  Created addUser(String label, Plan plan, String email, String team) {
    JsonObjectBuilder body =
        BUILDERS.createObjectBuilder().add("label", label).add("plan", plan.wireName());
    if (email != null) {
      body.add("email", email);
    }
    body.add("team", team);
    HttpRequest request =
        HttpRequest.newBuilder(users)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body.build().toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<InputStream> response;
    byte[] answer;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        answer = in.readNBytes(MAX_ANSWER);
      }
    } catch (HttpTimeoutException e) {
      LOG.log(Level.WARNING, "The admin console at {0} did not answer in time", users);
      throw unavailable("The admin console did not answer in time.", null);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "The admin console at {0} cannot be reached: {1}", users, e);
      throw unavailable("The admin console cannot be reached.", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("The request to the admin console was interrupted.", null);
    }
    int status = response.statusCode();
    switch (status) {
      case 201:
        return created(answer, label, plan, team);
      case 400:
        throw new InvalidInputException(
            consoleCode(answer).orElse("invalid_request"),
            consoleDetail(answer).orElse("The admin console refused the request."));
      case 402:
        throw TeamException.editionLimit(consoleDetail(answer).orElse(null));
      case 409:
        throw TeamException.labelTaken(label);
      default:
        LOG.log(
            Level.WARNING,
            "The admin console at {0} answered POST /api/users with HTTP {1} {2}",
            users,
            status,
            consoleCode(answer).orElse(""));
        throw unavailable(
            "The admin console answered HTTP " + status + ".",
            response.headers().firstValue("Retry-After").orElse(null));
    }
  }

  private Created created(byte[] answer, String label, Plan plan, String team) {
    JsonObject json = object(answer);
    String key = json == null ? null : string(json, "key");
    if (key == null || !API_KEY.matcher(key).matches()) {
      // The account exists now, but its key cannot be handed out: the operator must revoke it.
      LOG.log(
          Level.WARNING,
          "The admin console created account {0} but its answer carries no usable API key;"
              + " revoke that account",
          label);
      throw unavailable("The admin console's answer could not be read.", null);
    }
    return new Created(
        orElse(string(json, "label"), label),
        orElse(string(json, "plan"), plan.wireName()),
        orElse(string(json, "team"), team),
        key);
  }

  private static AdminUnavailableException unavailable(String detail, String retryAfter) {
    int seconds = DEFAULT_RETRY_AFTER_SECONDS;
    if (retryAfter != null && retryAfter.strip().matches("[0-9]{1,4}")) {
      seconds = Math.max(1, Integer.parseInt(retryAfter.strip()));
    }
    return new AdminUnavailableException(detail + " Try again later.", seconds);
  }

  private static Optional<String> consoleCode(byte[] answer) {
    JsonObject json = object(answer);
    String code = json == null ? null : string(json, "error");
    return Optional.ofNullable(code).filter(c -> ERROR_CODE.matcher(c).matches());
  }

  private static Optional<String> consoleDetail(byte[] answer) {
    JsonObject json = object(answer);
    String detail = json == null ? null : string(json, "detail");
    if (detail == null || detail.isBlank()) {
      return Optional.empty();
    }
    String cut = detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    return Optional.of(
        cut.codePoints()
            .map(c -> Character.isISOControl(c) ? ' ' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString());
  }

  private static JsonObject object(byte[] answer) {
    try {
      return JsonText.object(answer);
    } catch (JsonText.Malformed e) {
      return null;
    }
  }

  private static String string(JsonObject json, String name) {
    JsonValue value = json.get(name);
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
