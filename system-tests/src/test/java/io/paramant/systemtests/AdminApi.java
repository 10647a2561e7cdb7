package io.paramant.systemtests;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP to an admin console's API ({@code /api/...}) with a bearer token (or none). */
final class AdminApi {

  private final URI base;
  private final String token;

  private AdminApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  static AdminApi of(URI base, String token) {
    return new AdminApi(base, token);
  }

  /** The deployment's console with the right token. */
  static AdminApi console() {
    return of(Deployment.adminUri(), Deployment.adminToken());
  }

  HttpResponse<String> send(String method, String path, String jsonBody) {
    return send(method, path, jsonBody, null);
  }

  /** As {@link #send(String, String, String)}, with a TOTP code ({@code X-Admin-TOTP}) if given. */
  HttpResponse<String> send(String method, String path, String jsonBody, String totpCode) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (totpCode != null) {
      request.header("X-Admin-TOTP", totpCode);
    }
    try {
      return Deployment.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code GET /api/users} until it is admitted, waiting out the {@code Retry-After} of each
   * {@code 429 too_many_attempts} (at most a minute in all). A success clears the failures that
   * other tests of this address (127.0.0.1) left in the console's sign-in throttle, so a test that
   * then sends several requests at once is not refused for a wrong token it never sent.
   */
  void admittedOnce() {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      HttpResponse<String> response = send("GET", "/api/users", null);
      if (response.statusCode() != 429 || System.nanoTime() - deadline > 0) {
        if (response.statusCode() != 200) {
          throw new AssertionError(
              "the console did not admit its own token: "
                  + response.statusCode()
                  + " "
                  + response.body());
        }
        return;
      }
      long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
      try {
        Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static JsonObject json(HttpResponse<String> response) {
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }
}
