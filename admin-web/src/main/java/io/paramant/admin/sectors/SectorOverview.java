package io.paramant.admin.sectors;

import io.paramant.admin.signin.AdminToken;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sector's health and load for the dashboard, from its public {@code /health} and its {@code
 * /metrics} (Prometheus text; the relay's admin credentials).
 *
 * @param up whether {@code /health} answered {@code ok}
 * @param version relay version, or {@code null}
 * @param edition {@code community} or {@code licensed}, or {@code null}
 * @param uptimeS seconds since the relay started, or -1
 * @param blobsInFlight blobs held now, or -1 when unknown
 * @param capacity blobs it can hold, or -1
 * @param logSize entries in its transparency log, or -1
 */
public record SectorOverview(
    boolean up,
    String version,
    String edition,
    long uptimeS,
    long blobsInFlight,
    long capacity,
    long logSize) {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  static final SectorOverview DOWN = new SectorOverview(false, null, null, -1, -1, -1, -1);

  static CompletableFuture<SectorOverview> fetch(
      HttpClient http, Sector sector, AdminToken token, Duration timeout) {
    CompletableFuture<String> health =
        text(http, HttpRequest.newBuilder(sector.resolve("/health")).timeout(timeout).build());
    CompletableFuture<String> metrics =
        text(
            http,
            HttpRequest.newBuilder(sector.resolve("/metrics"))
                .timeout(timeout)
                .header("Authorization", token.basic())
                .header("Accept", "text/plain")
                .build());
    return health.thenCombine(metrics, SectorOverview::of);
  }

  private static CompletableFuture<String> text(HttpClient http, HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((r, failure) -> failure == null && r.statusCode() == 200 ? r.body() : null);
  }

  static SectorOverview of(String health, String metrics) {
    if (health == null) {
      return DOWN;
    }
    JsonObject h;
    try (JsonReader reader = READERS.createReader(new StringReader(health))) {
      h = reader.readObject();
    } catch (RuntimeException e) {
      return DOWN;
    }
    return new SectorOverview(
        h.getBoolean("ok", false),
        h.get("version") instanceof JsonString v ? v.getString() : null,
        h.get("edition") instanceof JsonString e ? e.getString() : null,
        h.get("uptime_s") instanceof JsonNumber n ? n.longValue() : -1,
        sample(metrics, "paramant_blobs_in_flight"),
        sample(metrics, "paramant_blob_capacity"),
        sample(metrics, "paramant_ct_log_size"));
  }

  /** The first sample of {@code name} (any labels) in Prometheus text, or -1. */
  static long sample(String metrics, String name) {
    if (metrics == null) {
      return -1;
    }
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^\\n]*\\})? ([0-9.eE+-]+)$")
            .matcher(metrics);
    if (!m.find()) {
      return -1;
    }
    try {
      return (long) Double.parseDouble(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
