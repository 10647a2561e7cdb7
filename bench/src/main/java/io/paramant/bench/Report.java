package io.paramant.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark run prints besides its own lines: latency tables, the load generator's line, the
 * targets of the performance issue (informational, collected during the run and printed at its
 * end), and whether every byte was right (the only thing that fails a run).
 */
final class Report {

  /** The columns of a latency table: row names, the count column, the decimals of milliseconds. */
  record Layout(String title, int nameWidth, String countTitle, int countWidth, int decimals) {}

  /** The latency table of the push and webhook benchmarks. */
  static final Layout MILLISECONDS = new Layout("ms", 28, "count", 7, 2);

  private final int whatWidth;
  private final int measuredWidth;
  private final List<String> targets = new ArrayList<>();
  private boolean ok = true;

  /** Targets print as {@code what} and {@code measured} in columns of these widths. */
  Report(int whatWidth, int measuredWidth) {
    this.whatWidth = whatWidth;
    this.measuredWidth = measuredWidth;
  }

  /** Records whether bytes (or signatures) were right; one wrong makes the run fail. */
  void require(boolean right) {
    ok &= right;
  }

  boolean ok() {
    return ok;
  }

  /** A target of the performance issue and whether this run met it. */
  void target(String what, String measured, boolean met) {
    targets.add(
        String.format(
            Locale.ROOT,
            "  %-" + whatWidth + "s %-" + measuredWidth + "s %s",
            what,
            measured,
            met ? "MET" : "MISSED"));
  }

  /** Prints the targets recorded so far, if any. */
  void printTargets() {
    if (!targets.isEmpty()) {
      System.out.println();
      System.out.println(
          "== targets of the performance issue (informational; 2 cores shared with the load generator) ==");
      targets.forEach(System.out::println);
    }
  }

  /** {@code load generator: N CPUs visible, Java V; relay pid P} (or {@code withoutPid}). */
  static String loadGenerator(Long pid, String withoutPid) {
    return String.format(
        Locale.ROOT,
        "load generator: %d CPUs visible, Java %s; relay pid %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        pid == null ? withoutPid : pid);
  }

  /** Prints a header and one row per latency series; returns their summaries. */
  static List<Latencies.Summary> table(
      String indent, Layout layout, List<Map.Entry<String, Latencies>> rows) {
    String name = "%s  %-" + layout.nameWidth() + "s %" + layout.countWidth();
    String number = " %8." + layout.decimals() + "f";
    System.out.printf(
        Locale.ROOT,
        name + "s %8s %8s %8s %8s %8s %8s%n",
        indent,
        layout.title(),
        layout.countTitle(),
        "p50",
        "p95",
        "p99",
        "min",
        "max",
        "mean");
    List<Latencies.Summary> summaries = new ArrayList<>();
    for (Map.Entry<String, Latencies> row : rows) {
      Latencies.Summary s = row.getValue().summary();
      summaries.add(s);
      System.out.printf(
          Locale.ROOT,
          name + "d" + number.repeat(6) + "%n",
          indent,
          row.getKey(),
          s.count(),
          s.p50(),
          s.p95(),
          s.p99(),
          s.min(),
          s.max(),
          s.mean());
    }
    return summaries;
  }

  /** Bytes in MiB with one decimal, {@code n/a} when unknown (negative). */
  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}
