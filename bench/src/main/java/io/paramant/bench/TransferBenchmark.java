package io.paramant.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures 5 MiB transfers through a running relay: round trips per second, MB/s and latency
 * percentiles for the JSON and the binary form of {@code POST /v2/inbound}, then the relay's memory
 * per stored blob. A program, not a test: it prints figures (and, for orientation, the targets of
 * the performance issue) and never fails on a timing. Its exit code is non-zero only for wrong
 * usage or wrong bytes.
 *
 * <h2>Run</h2>
 *
 * <pre>
 * # from the repository root, with a relay started by server-config/paramant up main
 * mvn -B -q -f bench/pom.xml compile exec:java -Dexec.args="--relay http://127.0.0.1:18090 \
 *     --key pgp_... --pairs 4 --seconds 20 --mode both --store 40 --pid RELAY_PID --admin-token TOKEN"
 * # or, once compiled (no dependencies):
 * java -cp bench/target/classes io.paramant.bench.TransferBenchmark --relay http://127.0.0.1:18090 \
 *     --key pgp_... --pairs 1 --seconds 20 --mode binary
 * </pre>
 *
 * <p>Options ({@code --key} and {@code --admin-token} may instead come from the environment
 * variables {@code PARAMANT_KEY} and {@code PARAMANT_ADMIN_TOKEN}, which keeps them out of the
 * process list):
 *
 * <ul>
 *   <li>{@code --relay URL} relay base URL (default {@code http://127.0.0.1:3000})
 *   <li>{@code --key KEY} a {@code pgp_} key of an active account (pro or enterprise for the
 *       default TTL)
 *   <li>{@code --pairs N} concurrent sender/receiver pairs (default 1; 0 skips the throughput part)
 *   <li>{@code --seconds S} measured seconds per mode (default 20; 0 skips the throughput part)
 *   <li>{@code --warmup S} unmeasured seconds before each mode (default 5)
 *   <li>{@code --mode json|binary|both} upload form(s) to measure (default both; json runs first)
 *   <li>{@code --store C} memory part: store C blobs, then download them all (default 0 = skip)
 *   <li>{@code --pid PID} the relay's process id: RSS from {@code /proc/PID/status}, heap via jcmd,
 *       full GC before heap samples
 *   <li>{@code --admin-token T} read the heap from {@code /metrics} with Basic {@code admin:T}
 *   <li>{@code --no-gc} do not force a full GC in the relay before heap samples
 *   <li>{@code --memory-warmup N} sequential round trips before the memory baseline (default 10;
 *       they use one slab, which the first stored blob then reuses)
 *   <li>{@code --ttl-ms MS} TTL of the uploaded blobs (default 600000)
 * </ul>
 *
 * <h2>What is measured</h2>
 *
 * Each pair is one thread with two HTTP/1.1 keep-alive clients (sender and receiver). A round trip:
 * the sender uploads a fresh blob (see {@link FreshBlobs}), then the receiver downloads it, then
 * the bytes are compared with what was sent (outside the timed span). Inbound = the upload request,
 * outbound = the download request until its last byte, round trip = both. Samples come from round
 * trips that start in the measured window; throughput is those round trips over the time from the
 * window's start to the end of the last of them. MB = 10^6 bytes of blob payload (JSON requests
 * carry 4/3 of that on the wire).
 *
 * <p>Memory part: RSS and heap (after a full GC, unless {@code --no-gc}) before storing, after
 * storing C blobs (binary uploads, no downloads), and after downloading and verifying all of them.
 * For a clean baseline run it against a freshly started relay with {@code --pairs 0}: slabs that
 * earlier round trips allocated are recycled and would hide part of the growth. The RSS is also
 * sampled after every stored blob; the marginal growth per blob (least squares over the second
 * half) does not depend on recycled slabs.
 */
public final class TransferBenchmark {

  private static final int BLOB = FreshBlobs.SIZE;
  private static final HexFormat HEX = HexFormat.of();

  private final Options options;
  private final List<String> targetLines = new ArrayList<>();

  private TransferBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    // Larger HttpClient buffers than the default 16 KiB: about a fifth less load-generator CPU per
    // 5 MiB.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(Options.USAGE);
      return;
    }
    boolean ok = new TransferBenchmark(options).run();
    System.out.flush();
    if (!ok) {
      System.exit(1);
    }
  }

  private boolean run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Paramant transfer benchmark: relay %s, blob %,d bytes, %d pair(s), %d s (+%d s warm-up) per mode, "
            + "mode %s, store %d%n",
        options.relay,
        BLOB,
        options.pairs,
        options.seconds,
        options.warmup,
        options.mode,
        options.store);
    System.out.printf(
        Locale.ROOT,
        "load generator: %d CPUs visible, Java %s; relay pid %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        options.pid == null ? "not given (no RSS/jcmd)" : options.pid);
    boolean ok = true;
    if (options.pairs > 0 && options.seconds > 0) {
      for (String mode : options.modes()) {
        ok &= throughput(mode.equals("json"));
      }
    }
    if (options.store > 0) {
      ok &= memory();
    }
    if (!targetLines.isEmpty()) {
      System.out.println();
      System.out.println(
          "== targets of the performance issue (informational; 2 cores shared with the load generator) ==");
      targetLines.forEach(System.out::println);
    }
    return ok;
  }

  // ---------------------------------------------------------------- throughput

  private boolean throughput(boolean json) throws InterruptedException {
    String mode = json ? "json" : "binary";
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== %s: %d pair(s), %d s measured after %d s warm-up ==%n",
        mode,
        options.pairs,
        options.seconds,
        options.warmup);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < options.pairs; i++) {
      pairs.add(new Pair(i, json));
    }
    for (Pair pair : pairs) {
      pair.blobs.next();
      pair.blobs.selfCheck();
    }
    long start = System.nanoTime();
    long measureFrom = start + options.warmup * 1_000_000_000L;
    long stopAt = measureFrom + options.seconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(pairs.size());
    for (Pair pair : pairs) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  pair.run(measureFrom, stopAt);
                } finally {
                  done.countDown();
                }
              },
              "pair-" + pair.id);
      thread.setDaemon(true);
      thread.start();
    }
    CpuAccount cpu = new CpuAccount(options.pid);
    long untilMeasuring = measureFrom - System.nanoTime();
    if (untilMeasuring > 0) {
      Thread.sleep(untilMeasuring / 1_000_000, (int) (untilMeasuring % 1_000_000));
    }
    CpuAccount.Snapshot cpuFrom = cpu.snapshot();
    done.await();
    CpuAccount.Snapshot cpuTo = cpu.snapshot();
    long lastEnd = pairs.stream().mapToLong(p -> p.lastEnd).max().orElse(stopAt);
    double elapsed = Math.max(lastEnd - measureFrom, 1) / 1e9;
    long roundTrips = pairs.stream().mapToLong(p -> p.roundTrips).sum();
    long warmupTrips = pairs.stream().mapToLong(p -> p.warmupTrips).sum();
    long errors = pairs.stream().mapToLong(p -> p.errors).sum();
    long corrupt = pairs.stream().mapToLong(p -> p.corrupt).sum();
    double perSecond = roundTrips / elapsed;
    double mbPerSecond = perSecond * BLOB / 1e6;
    System.out.printf(
        Locale.ROOT,
        "round trips   %d in %.2f s = %.1f /s   (warm-up %d; errors %d; wrong bytes %d)%n",
        roundTrips,
        elapsed,
        perSecond,
        warmupTrips,
        errors,
        corrupt);
    System.out.printf(
        Locale.ROOT,
        "throughput    %.1f MB/s of blobs delivered end to end (%.1f MB/s through the relay, in + out)%n",
        mbPerSecond,
        2 * mbPerSecond);
    System.out.println(CpuAccount.report(cpuFrom, cpuTo, roundTrips));
    System.out.println("latency ms        n      p50      p95      p99      min      max     mean");
    Latencies.Summary in = line("inbound", pairs, p -> p.inbound);
    line("outbound", pairs, p -> p.outbound);
    Latencies.Summary rt = line("round trip", pairs, p -> p.roundTrip);
    pairs.stream()
        .map(p -> p.firstError.get())
        .filter(e -> e != null)
        .findFirst()
        .ifPresent(e -> System.out.println("first error: " + e));
    if (!json && options.pairs == 1) {
      target(
          "binary, 1 pair: round trip p50 <= 20 ms",
          String.format(Locale.ROOT, "%.1f ms", rt.p50()),
          rt.p50() <= 20);
    }
    if (!json && options.pairs >= 4) {
      target(
          "binary, " + options.pairs + " pairs: >= 60 round trips/s",
          String.format(Locale.ROOT, "%.1f /s", perSecond),
          perSecond >= 60);
    }
    if (json) {
      target(
          "json, " + options.pairs + " pair(s): >= 30 round trips/s",
          String.format(Locale.ROOT, "%.1f /s", perSecond),
          perSecond >= 30);
    }
    if (in.count() == 0) {
      System.out.println("no round trip completed in the measured window");
    }
    return corrupt == 0;
  }

  private interface Pick {
    Latencies of(Pair pair);
  }

  private static Latencies.Summary line(String name, List<Pair> pairs, Pick pick) {
    List<Latencies> parts = new ArrayList<>();
    for (Pair pair : pairs) {
      parts.add(pick.of(pair));
    }
    Latencies.Summary s = Latencies.merge(parts).summary();
    System.out.printf(
        Locale.ROOT,
        "  %-11s %6d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f%n",
        name,
        s.count(),
        s.p50(),
        s.p95(),
        s.p99(),
        s.min(),
        s.max(),
        s.mean());
    return s;
  }

  /** One sender/receiver pair, run by one thread. */
  private final class Pair {
    final int id;
    final boolean json;
    final FreshBlobs blobs;
    final RelayClient sender;
    final RelayClient receiver;
    final byte[] received = new byte[BLOB + 1];
    final Latencies inbound = new Latencies();
    final Latencies outbound = new Latencies();
    final Latencies roundTrip = new Latencies();
    final AtomicReference<String> firstError = new AtomicReference<>();
    long roundTrips;
    long warmupTrips;
    long errors;
    long corrupt;
    long lastEnd;

    Pair(int id, boolean json) {
      this.id = id;
      this.json = json;
      this.blobs =
          new FreshBlobs(System.nanoTime() ^ (0x9E3779B97F4A7C15L * (id + 1)), json, options.ttlMs);
      this.sender = new RelayClient(options.relay, options.key, options.ttlMs);
      this.receiver = new RelayClient(options.relay, options.key, options.ttlMs);
    }

    void run(long measureFrom, long stopAt) {
      boolean first = true;
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= stopAt) {
          return;
        }
        String hash = first ? blobs.hash() : blobs.next();
        first = false;
        try {
          t0 = System.nanoTime();
          RelayClient.Reply up =
              json ? sender.uploadJson(blobs.json()) : sender.uploadBinary(hash, blobs.blob());
          long t1 = System.nanoTime();
          if (!up.ok()) {
            fail("upload: " + up, up.status() == 503);
            continue;
          }
          RelayClient.Reply down = receiver.download(hash, received);
          long t2 = System.nanoTime();
          if (!down.ok()) {
            fail("download: " + down, false);
            continue;
          }
          if (down.length() != BLOB || !Arrays.equals(received, 0, BLOB, blobs.blob(), 0, BLOB)) {
            corrupt++;
            firstError.compareAndSet(
                null, "downloaded bytes differ from the uploaded blob " + hash);
            continue;
          }
          if (t0 >= measureFrom) {
            inbound.record(t1 - t0);
            outbound.record(t2 - t1);
            roundTrip.record(t2 - t0);
            roundTrips++;
            lastEnd = t2;
          } else {
            warmupTrips++;
          }
        } catch (IOException e) {
          fail(e.toString(), true);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void fail(String what, boolean pause) {
      errors++;
      firstError.compareAndSet(null, what);
      if (pause) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---------------------------------------------------------------- memory

  private boolean memory() throws Exception {
    int count = options.store;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== memory: %d blobs stored (binary uploads, no downloads), then all downloaded ==%n",
        count);
    RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    RelayMemory relay = new RelayMemory(options.pid, client, options.adminToken);
    boolean gc = options.gc && relay.canForceGc();
    if (!relay.canSampleRss()) {
      System.out.println(
          "no readable /proc/PID/status (give --pid of the relay): RSS figures are n/a");
    }
    FreshBlobs blobs = new FreshBlobs(System.nanoTime(), false, options.ttlMs);
    byte[] received = new byte[BLOB + 1];
    for (int i = 0; i < options.memoryWarmup; i++) {
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
          mib(s.vmRss()),
          mib(s.rssAnon()),
          mib(s.rssFile()),
          mib(s.heapUsed()),
          mib(s.heapCommitted()));
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
      target(
          "RSS after storing " + n + " <= baseline + 1.05 x stored bytes",
          String.format(
              Locale.ROOT,
              "%s MiB vs %s MiB allowed (%.3f x)",
              mib(stored.vmRss()),
              mib(allowed),
              perBlob / BLOB),
          stored.vmRss() <= allowed);
    }
    if (before.heapUsed() >= 0 && stored.heapUsed() >= 0 && n > 0) {
      double perBlob = (double) (stored.heapUsed() - before.heapUsed()) / n;
      System.out.printf(
          Locale.ROOT,
          "heap growth per stored blob: %,.0f bytes (%s MiB -> %s MiB)%n",
          perBlob,
          mib(before.heapUsed()),
          mib(stored.heapUsed()));
      target(
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
      curve.append(String.format(Locale.ROOT, ": %s", mib(rssBefore)));
      int step = Math.max(1, count / 8);
      for (int i = step; i <= count; i += step) {
        curve.append(String.format(Locale.ROOT, ", %d: %s", i, mib((long) rssAfter[i - 1])));
      }
      if (count % step != 0) {
        curve.append(
            String.format(Locale.ROOT, ", %d: %s", count, mib((long) rssAfter[count - 1])));
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

  private void target(String what, String measured, boolean met) {
    targetLines.add(
        String.format(Locale.ROOT, "  %-58s %-40s %s", what, measured, met ? "MET" : "MISSED"));
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  // ---------------------------------------------------------------- options

  /** Command-line options. */
  static final class Options {
    static final String USAGE =
        "usage: TransferBenchmark --relay URL --key KEY [--pairs N] [--seconds S] [--warmup S]\n"
            + "         [--mode json|binary|both] [--store C] [--pid PID] [--admin-token T] [--no-gc]\n"
            + "         [--memory-warmup N] [--ttl-ms MS]\n"
            + "  KEY and T may come from PARAMANT_KEY and PARAMANT_ADMIN_TOKEN instead.";

    URI relay = URI.create("http://127.0.0.1:3000");
    String key = System.getenv("PARAMANT_KEY");
    int pairs = 1;
    int seconds = 20;
    int warmup = 5;
    String mode = "both";
    int store;
    Long pid;
    String adminToken = System.getenv("PARAMANT_ADMIN_TOKEN");
    boolean gc = true;
    int memoryWarmup = 10;
    long ttlMs = 600_000;

    List<String> modes() {
      return mode.equals("both") ? List.of("json", "binary") : List.of(mode);
    }

    /** Null when help was asked for. */
    static Options parse(String[] args) {
      Options o = new Options();
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          return null;
        }
        if (arg.equals("--no-gc")) {
          o.gc = false;
          continue;
        }
        if (!arg.startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unexpected argument " + arg);
        }
        String value = args[++i];
        if (seen.put(arg, value) != null) {
          throw new IllegalArgumentException(arg + " given twice");
        }
        switch (arg) {
          case "--relay" ->
              o.relay =
                  URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
          case "--key" -> o.key = value;
          case "--pairs" -> o.pairs = nonNegative(arg, value);
          case "--seconds" -> o.seconds = nonNegative(arg, value);
          case "--warmup" -> o.warmup = nonNegative(arg, value);
          case "--mode" -> {
            if (!List.of("json", "binary", "both").contains(value)) {
              throw new IllegalArgumentException("--mode must be json, binary or both");
            }
            o.mode = value;
          }
          case "--store" -> o.store = nonNegative(arg, value);
          case "--pid" -> o.pid = (long) nonNegative(arg, value);
          case "--admin-token" -> o.adminToken = value;
          case "--memory-warmup" -> o.memoryWarmup = nonNegative(arg, value);
          case "--ttl-ms" -> o.ttlMs = nonNegative(arg, value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (o.key == null || o.key.isBlank()) {
        throw new IllegalArgumentException("--key (or PARAMANT_KEY) is required");
      }
      if (o.adminToken != null && o.adminToken.isBlank()) {
        o.adminToken = null;
      }
      return o;
    }

    private static int nonNegative(String name, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number >= 0, was " + value);
      }
    }
  }
}
