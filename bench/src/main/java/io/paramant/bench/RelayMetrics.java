package io.paramant.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few of the relay's application metrics, read from {@code /metrics?scope=application} with the
 * admin token: {@code paramant_sockets_open}, {@code paramant_events_pushed_total} and {@code
 * paramant_webhook_deliveries_total{outcome=...}} (that one keyed by its outcome label).
 */
final class RelayMetrics {

  private static final Pattern SAMPLE =
      Pattern.compile("^(paramant_[a-z_]+)(?:\\{([^}]*)})?\\s+(\\S+)$", Pattern.MULTILINE);
  private static final Pattern OUTCOME = Pattern.compile("outcome=\"([a-z]+)\"");

  private RelayMetrics() {}

  /** The relay's {@code paramant_*} samples now; null without an admin token or on failure. */
  static Map<String, Double> scrape(BenchOptions options) {
    if (options.adminToken == null) {
      return null;
    }
    try {
      HttpResponse<String> r =
          new RelayClient(options.relay, options.key, options.ttlMs)
              .metrics(options.adminToken, "?scope=application");
      if (r.statusCode() != 200) {
        return null;
      }
      Map<String, Double> values = new HashMap<>();
      Matcher m = SAMPLE.matcher(r.body());
      while (m.find()) {
        String name = m.group(1);
        Matcher outcome = OUTCOME.matcher(m.group(2) == null ? "" : m.group(2));
        if (outcome.find()) {
          name += "{outcome=" + outcome.group(1) + "}";
        }
        values.put(name, Double.parseDouble(m.group(3)));
      }
      return values;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * How the webhook deliveries grew between two scrapes, by outcome: {@code delivered +N, failed
   * +N, refused +N}.
   */
  static String webhookOutcomes(Map<String, Double> before, Map<String, Double> after) {
    String total = "paramant_webhook_deliveries_total{outcome=";
    return String.format(
        Locale.ROOT,
        "delivered +%.0f, failed +%.0f, refused +%.0f",
        delta(before, after, total + "delivered}"),
        delta(before, after, total + "failed}"),
        delta(before, after, total + "refused}"));
  }

  /** How much {@code name} grew between two scrapes (a missing sample counts as 0). */
  static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }
}
