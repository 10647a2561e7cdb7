package io.paramant.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Figures of the relay process: resident set and threads from {@code /proc/PID/status}, open files
 * from {@code /proc/PID/fd}, Java heap from the relay's {@code /metrics} (Basic {@code
 * admin:<token>}) or, when that is not accessible, from {@code jcmd PID GC.heap_info}. A full GC
 * ({@code jcmd PID GC.run}) can be requested before sampling, so that heap figures show retained
 * memory rather than garbage awaiting collection.
 */
final class RelayMemory {

  /** One sample; a value is -1 when unknown. */
  record Sample(
      long vmRss,
      long rssAnon,
      long rssFile,
      long heapUsed,
      long heapCommitted,
      String heapSource) {}

  private static final Pattern HEAP_USED =
      Pattern.compile(
          "^(?:base_)?memory_usedHeap_bytes(?:\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern HEAP_COMMITTED =
      Pattern.compile(
          "^(?:base_)?memory_committedHeap_bytes(?:\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);

  /**
   * A generation line of GC.heap_info: {@code garbage-first heap total 262144K, used 12345K [...}.
   */
  private static final Pattern GENERATION =
      Pattern.compile("^\\s*(.+?)\\s+total (\\d+)K, used (\\d+)K", Pattern.MULTILINE);

  private final Long pid;
  private final RelayClient client;
  private final String adminToken;
  private boolean metricsFailed;
  private String metricsProblem;

  RelayMemory(Long pid, RelayClient client, String adminToken) {
    this.pid = pid;
    this.client = client;
    this.adminToken = adminToken;
  }

  boolean canSampleRss() {
    return pid != null && Files.isReadable(statusFile());
  }

  boolean canForceGc() {
    return pid != null;
  }

  /** Why /metrics was not used, or null. */
  String metricsProblem() {
    return metricsProblem;
  }

  /** Resident set size in bytes, -1 when unknown. */
  long vmRss() {
    return procStatus("VmRSS");
  }

  /** Runs a full GC in the relay (jcmd GC.run) and waits briefly for things to settle. */
  void fullGc() throws InterruptedException {
    if (pid != null) {
      jcmd("GC.run");
      Thread.sleep(500);
    }
  }

  Sample sample() throws InterruptedException {
    long used = -1;
    long committed = -1;
    String source = "n/a";
    if (adminToken != null && !metricsFailed) {
      long[] heap = heapFromMetrics();
      if (heap != null) {
        used = heap[0];
        committed = heap[1];
        source = "/metrics";
      }
    }
    if (used < 0 && pid != null) {
      long[] heap = heapFromJcmd();
      if (heap != null) {
        used = heap[0];
        committed = heap[1];
        source = "jcmd GC.heap_info";
      }
    }
    return new Sample(
        procStatus("VmRSS"), procStatus("RssAnon"), procStatus("RssFile"), used, committed, source);
  }

  private long[] heapFromMetrics() throws InterruptedException {
    try {
      HttpResponse<String> response = client.metrics(adminToken, "");
      if (response.statusCode() != 200) {
        return metricsUnavailable("/metrics answered HTTP " + response.statusCode());
      }
      Matcher used = HEAP_USED.matcher(response.body());
      Matcher committed = HEAP_COMMITTED.matcher(response.body());
      if (!used.find()) {
        return metricsUnavailable("/metrics has no memory_usedHeap_bytes");
      }
      long c = committed.find() ? (long) Double.parseDouble(committed.group(1)) : -1;
      return new long[] {(long) Double.parseDouble(used.group(1)), c};
    } catch (IOException | RuntimeException e) {
      return metricsUnavailable("/metrics not readable: " + e);
    }
  }

  private long[] metricsUnavailable(String why) {
    metricsFailed = true;
    metricsProblem = why;
    return null;
  }

  private long[] heapFromJcmd() throws InterruptedException {
    String out = jcmd("GC.heap_info");
    if (out == null) {
      return null;
    }
    long used = 0;
    long total = 0;
    boolean any = false;
    Matcher m = GENERATION.matcher(out);
    while (m.find()) {
      String name = m.group(1).strip();
      if (name.startsWith("Metaspace") || name.startsWith("class space")) {
        continue;
      }
      total += Long.parseLong(m.group(2)) * 1024;
      used += Long.parseLong(m.group(3)) * 1024;
      any = true;
    }
    return any ? new long[] {used, total} : null;
  }

  private String jcmd(String command) throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** The relay's threads ({@code Threads} of {@code /proc/PID/status}), -1 when unknown. */
  long threads() {
    return statusField("Threads");
  }

  /** The relay's open file descriptors (entries of {@code /proc/PID/fd}), -1 when unknown. */
  long openFiles() {
    if (pid == null) {
      return -1;
    }
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A size field of {@code /proc/PID/status} in bytes (the kernel reports kB). */
  private long procStatus(String field) {
    long kb = statusField(field);
    return kb < 0 ? -1 : kb * 1024;
  }

  /** The number of a field of {@code /proc/PID/status}, -1 when unknown. */
  private long statusField(String field) {
    if (pid == null) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(statusFile())) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).strip().split("\\s+");
          return Long.parseLong(parts[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private Path statusFile() {
    return Path.of("/proc", Long.toString(pid), "status");
  }
}
