package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/** Raw HTTP access to one sector relay, as curl users and generated clients see it. */
final class RelayApi {

  static final int MAX_BLOB = 5 * 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP = Deployment.http();

  private final URI base;

  RelayApi(URI base) {
    this.base = base;
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    return request;
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  HttpResponse<byte[]> inboundBinary(String key, byte[] blob) {
    return inboundBinary(key, blob, sha256(blob), null);
  }

  HttpResponse<byte[]> inboundBinary(String key, byte[] blob, String hash, Long ttlMs) {
    HttpRequest.Builder request =
        request("/v2/inbound", key)
            .header("Content-Type", "application/octet-stream")
            .header("X-Paramant-Hash", hash)
            .POST(HttpRequest.BodyPublishers.ofByteArray(blob));
    if (ttlMs != null) {
      request.header("X-Paramant-Ttl-Ms", Long.toString(ttlMs));
    }
    return send(request.build());
  }

  HttpResponse<byte[]> inboundJson(String key, String json) {
    return send(
        request("/v2/inbound", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** Stores a blob addressed to a device (binary mode) and asserts the receipt. */
  void inboundBinaryTo(String key, byte[] blob, String device) {
    HttpResponse<byte[]> response =
        send(
            request("/v2/inbound", key)
                .header("Content-Type", "application/octet-stream")
                .header("X-Paramant-Hash", sha256(blob))
                .header("X-Paramant-Device", device)
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build());
    assertEquals(200, response.statusCode(), () -> text(response));
  }

  static String inboundJsonBody(byte[] blob, Long ttlMs) {
    return "{\"hash\":\""
        + sha256(blob)
        + "\",\"payload\":\""
        + Base64.getEncoder().encodeToString(blob)
        + "\""
        + (ttlMs == null ? "" : ",\"ttl_ms\":" + ttlMs)
        + "}";
  }

  HttpResponse<byte[]> outbound(String key, String hash) {
    return get("/v2/outbound/" + hash, key);
  }

  JsonObject status(String key, String hash) {
    HttpResponse<byte[]> response = get("/v2/status/" + hash, key);
    assertEquals(200, response.statusCode(), () -> text(response));
    return json(response);
  }

  /** Stores a blob (binary mode) and asserts the receipt. */
  String store(String key, byte[] blob) {
    HttpResponse<byte[]> response = inboundBinary(key, blob);
    assertEquals(200, response.statusCode(), () -> text(response));
    return sha256(blob);
  }

  static JsonObject json(HttpResponse<byte[]> response) {
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        () -> "not JSON: " + response.headers().map() + " " + text(response));
    return Json.createReader(new ByteArrayInputStream(response.body())).readObject();
  }

  /** Asserts the API's error shape, status and code. */
  static void assertError(HttpResponse<byte[]> response, int status, String code) {
    assertEquals(status, response.statusCode(), () -> text(response));
    JsonObject error = json(response);
    assertEquals(false, error.getBoolean("ok"));
    assertEquals(code, error.getString("error"), () -> text(response));
    assertTrue(!error.getString("detail").isBlank());
  }

  static String text(HttpResponse<byte[]> response) {
    return response.statusCode()
        + " "
        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static byte[] randomBlob(int size) {
    byte[] blob = new byte[size];
    RANDOM.nextBytes(blob);
    return blob;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
