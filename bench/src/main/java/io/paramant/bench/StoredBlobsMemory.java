package io.paramant.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory part of {@link TransferBenchmark}: RSS and heap (after a full GC, unless {@code
 * --no-gc}) before storing, after storing C blobs (binary uploads, no downloads), and after
 * downloading and verifying all of them. For a clean baseline run it against a freshly started
 * relay with {@code --pairs 0}: slabs that earlier round trips allocated are recycled and would
 * hide part of the growth. The RSS is also sampled after every stored blob; the marginal growth per
 * blob (least squares over the second half) does not depend on recycled slabs.
 */
final class StoredBlobsMemory {

  private static final int BLOB = FreshBlobs.SIZE;
  private static final HexFormat HEX = HexFormat.of();

  private final BenchOptions options;
  private final int count;
  private final boolean forceGc;
  private final int memoryWarmup;
  private final Report report;

  /**
   * @param count blobs to store
   * @param forceGc force a full GC in the relay before heap samples (needs the relay's pid)
   * @param memoryWarmup sequential round trips before the baseline
   */
  StoredBlobsMemory(
      BenchOptions options, int count, boolean forceGc, int memoryWarmup, Report report) {
    this.options = options;
    this.count = count;
    this.forceGc = forceGc;
    this.memoryWarmup = memoryWarmup;
    this.report = report;
  }

  /** Runs the memory part; false if a downloaded blob was wrong. */
  boolean measure() throws Exception {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== memory: %d blobs stored (binary uploads, no downloads), then all downloaded ==%n",
        count);
    RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    RelayMemory relay = new RelayMemory(options.pid, client, options.adminToken);
    boolean gc = forceGc && relay.canForceGc();
    if (!relay.canSampleRss()) {
      System.out.println(
          "no readable /proc/PID/status (give --pid of the relay): RSS figures are n/a");
    }
    FreshBlobs blobs = new FreshBlobs(System.nanoTime(), false, options.ttlMs);
    byte[] received = new byte[BLOB + 1];
    for (int i = 0; i < memoryWarmup; i++) {
      String hash = blobs.next();
      RelayClient.Reply up = client.uploadBinary(hash, blobs.blob());
      RelayClient.Reply down = up.ok() ? client.download(hash, received) : up;
      if (!down.ok()) {
        System.out.println("warm-up round trip failed: " + down);
        return false;
      }
    }

    Map<String, RelayMemory.Sample> samples = new LinkedHashMap<>();
    if (gc) {
      relay.fullGc();
    }
    samples.put("before storing", relay.sample());
    long rssBefore = relay.vmRss();
    List<String> hashes = new ArrayList<>();
    double[] rssAfter = new double[count];
    int failures = 0;
    for (int i = 0; i < count; i++) {
      String hash = blobs.next();
      RelayClient.Reply up = client.uploadBinary(hash, blobs.blob());
      if (up.ok()) {
        hashes.add(hash);
      } else {
        failures++;
        System.out.println("upload " + (i + 1) + " failed: " + up);
      }
      rssAfter[i] = relay.vmRss();
    }
    if (gc) {
      relay.fullGc();
    }
    samples.put("after storing " + hashes.size(), relay.sample());
    int wrong = 0;
    for (String hash : hashes) {
      RelayClient.Reply down = client.download(hash, received);
      if (!down.ok()) {
        failures++;
        System.out.println("download failed: " + down);
      } else if (down.length() != BLOB
          || !HEX.formatHex(FreshBlobs.sha256().digest(Arrays.copyOf(received, BLOB)))
              .equals(hash)) {
        wrong++;
      }
    }
    if (gc) {
      relay.fullGc();
    }
    samples.put("after downloading " + hashes.size(), relay.sample());

    System.out.printf(
        Locale.ROOT,
        "heap source: %s%s; %s%n",
        samples.values().iterator().next().heapSource(),
        relay.metricsProblem() == null ? "" : " (" + relay.metricsProblem() + ")",
        gc ? "heap sampled after a full GC (jcmd GC.run)" : "heap sampled without forcing a GC");
    System.out.println(
        "                          VmRSS MiB  RssAnon MiB  RssFile MiB  heap used MiB  heap committed MiB");
    for (Map.Entry<String, RelayMemory.Sample> e : samples.entrySet()) {
      RelayMemory.Sample s = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "  %-22s %10s %12s %12s %14s %19s%n",
          e.getKey(),
          Report.mib(s.vmRss()),
          Report.mib(s.rssAnon()),
          Report.mib(s.rssFile()),
          Report.mib(s.heapUsed()),
          Report.mib(s.heapCommitted()));
    }
    List<RelayMemory.Sample> list = new ArrayList<>(samples.values());
    RelayMemory.Sample before = list.get(0);
    RelayMemory.Sample stored = list.get(1);
    int n = hashes.size();
    if (n > 0 && before.vmRss() > 0 && stored.vmRss() > 0) {
      double perBlob = (double) (stored.vmRss() - before.vmRss()) / n;
      System.out.printf(
          Locale.ROOT,
          "RSS growth per stored blob: %,.0f bytes = %.3f x blob size (all %d blobs, from the baseline)%n",
          perBlob,
          perBlob / BLOB,
          n);
      if (perBlob < 0.5 * BLOB) {
        System.out.println(
            "note: the RSS grew by less than half a blob per stored blob, so the relay recycled slabs"
                + " that earlier uploads had allocated; for a per-blob figure run the memory part"
                + " against a freshly started relay (--pairs 0)");
      }
      double slope = slope(rssAfter, count / 2, count);
      if (!Double.isNaN(slope)) {
        System.out.printf(
            Locale.ROOT,
            "RSS marginal growth per blob: %,.0f bytes = %.3f x blob size (least squares over blobs %d..%d)%n",
            slope,
            slope / BLOB,
            count / 2 + 1,
            count);
      }
      long allowed = before.vmRss() + (long) (1.05 * n * BLOB);
      report.target(
          "RSS after storing " + n + " <= baseline + 1.05 x stored bytes",
          String.format(
              Locale.ROOT,
              "%s MiB vs %s MiB allowed (%.3f x)",
              Report.mib(stored.vmRss()),
              Report.mib(allowed),
              perBlob / BLOB),
          stored.vmRss() <= allowed);
    }
    if (before.heapUsed() >= 0 && stored.heapUsed() >= 0 && n > 0) {
      double perBlob = (double) (stored.heapUsed() - before.heapUsed()) / n;
      System.out.printf(
          Locale.ROOT,
          "heap growth per stored blob: %,.0f bytes (%s MiB -> %s MiB)%n",
          perBlob,
          Report.mib(before.heapUsed()),
          Report.mib(stored.heapUsed()));
      report.target(
          "heap flat as blobs are stored",
          String.format(
              Locale.ROOT,
              "%+,.0f bytes per stored blob (%.4f x blob size)",
              perBlob,
              perBlob / BLOB),
          perBlob < 0.05 * BLOB);
    }
    if (rssBefore > 0 && count > 0) {
      StringBuilder curve = new StringBuilder("RSS MiB after 0");
      curve.append(String.format(Locale.ROOT, ": %s", Report.mib(rssBefore)));
      int step = Math.max(1, count / 8);
      for (int i = step; i <= count; i += step) {
        curve.append(String.format(Locale.ROOT, ", %d: %s", i, Report.mib((long) rssAfter[i - 1])));
      }
      if (count % step != 0) {
        curve.append(
            String.format(Locale.ROOT, ", %d: %s", count, Report.mib((long) rssAfter[count - 1])));
      }
      System.out.println(curve + " stored blobs (no GC forced in between)");
    }
    System.out.printf(
        Locale.ROOT,
        "verified downloads: %d of %d; failures %d; wrong bytes %d%n",
        n - wrong,
        n,
        failures,
        wrong);
    if (rssBefore < 0) {
      System.out.println("(no RSS: the relay's pid is needed)");
    }
    return wrong == 0;
  }

  /** Least-squares slope of {@code y[i]} over {@code i} in {@code [from, to)}; NaN if unknown. */
  private static double slope(double[] y, int from, int to) {
    int n = to - from;
    if (n < 2) {
      return Double.NaN;
    }
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = from; i < to; i++) {
      if (y[i] < 0) {
        return Double.NaN;
      }
      sx += i;
      sy += y[i];
      sxx += (double) i * i;
      sxy += i * y[i];
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }
}
