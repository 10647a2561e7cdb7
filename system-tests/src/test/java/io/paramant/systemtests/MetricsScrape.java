package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application-scope samples of a relay's {@code /metrics} (admin credentials), keyed by name
 * and labels without {@code mp_scope}, e.g. {@code
 * paramant_requests_total{route="/v2/ack",status="401"}}. Label values may contain braces (route
 * templates), so lines are parsed label by label.
 */
final class MetricsScrape {

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)\\} (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private final Map<String, Double> samples;

  private MetricsScrape(Map<String, Double> samples) {
    this.samples = samples;
  }

  static MetricsScrape of(RelayApi relay) {
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
      Matcher sample = LINE.matcher(line.strip());
      if (!sample.matches() || !sample.group(1).startsWith("paramant_")) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(2));
      while (label.find()) {
        if (!label.group(1).equals("mp_scope")) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
    }
    return new MetricsScrape(samples);
  }

  /** A sample's value; 0 when absent (a tagged counter appears with its first increment). */
  double value(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.getOrDefault(key(name, labels), 0.0);
  }

  /** Whether the scrape has this sample at all. */
  boolean has(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.containsKey(key(name, labels));
  }

  java.util.Set<String> keys() {
    return samples.keySet();
  }

  private static String key(String name, Map<String, String> labels) {
    StringBuilder key = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
    return key.append('}').toString();
  }
}
