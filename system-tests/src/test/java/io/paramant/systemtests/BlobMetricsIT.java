package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics (admin credentials) counts exactly the blob traffic of this test. */
class BlobMetricsIT {

  private static final Pattern SAMPLE =
      Pattern.compile("^(paramant_[a-z_]+)\\{[^}]*mp_scope=\"application\"[^}]*\\} ([0-9.eE+-]+)$");

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final String key = Deployment.apiKey("enterprise");

  @Test
  void counters_move_by_exactly_the_traffic_of_the_test() {
    Map<String, Double> before = metrics();
    byte[] delivered = randomBlob(1_000_000);
    byte[] kept = randomBlob(2_000);
    relay.store(key, delivered);
    relay.store(key, kept);
    assertEquals(200, relay.outbound(key, RelayApi.sha256(delivered)).statusCode());

    // The burn follows the last byte on the server side: give it a moment to be counted.
    Map<String, Double> after = metrics();
    for (long deadline = System.currentTimeMillis() + 5_000;
        delta(before, after, "paramant_blobs_burned") < 1
            && System.currentTimeMillis() < deadline; ) {
      after = metrics();
    }

    assertEquals(1_002_000, delta(before, after, "paramant_bytes_in"));
    assertEquals(1_000_000, delta(before, after, "paramant_bytes_out"));
    assertEquals(2, delta(before, after, "paramant_blobs_stored"));
    assertEquals(1, delta(before, after, "paramant_blobs_burned"));
    assertEquals(1, delta(before, after, "paramant_blobs_in_flight"));
    assertEquals(Deployment.MAIN_CAPACITY, after.get("paramant_blob_capacity"));
    assertEquals(200, relay.outbound(key, RelayApi.sha256(kept)).statusCode());
  }

  private static double delta(
      Map<String, Double> before, Map<String, Double> after, String prefix) {
    return value(after, prefix) - value(before, prefix);
  }

  /** The one sample whose name starts with the metric name (MP Metrics appends unit and _total). */
  private static double value(Map<String, Double> samples, String metric) {
    double found = Double.NaN;
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      if (sample.getKey().equals(metric) || sample.getKey().startsWith(metric + "_")) {
        if (!Double.isNaN(found)) {
          throw new AssertionError("two samples for " + metric + ": " + samples.keySet());
        }
        found = sample.getValue();
      }
    }
    if (Double.isNaN(found)) {
      throw new AssertionError("no sample for " + metric + " in " + samples.keySet());
    }
    return found;
  }

  private Map<String, Double> metrics() {
    String credentials =
        Base64.getEncoder()
            .encodeToString(("admin:" + Deployment.adminToken()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> response =
        relay.send(
            HttpRequest.newBuilder(relay.uri("/metrics?scope=application"))
                .header("Authorization", "Basic " + credentials)
                .GET()
                .build());
    assertEquals(200, response.statusCode());
    Map<String, Double> samples = new HashMap<>();
    for (String line : new String(response.body(), StandardCharsets.UTF_8).split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (sample.matches()) {
        samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
      }
    }
    return samples;
  }
}
