package io.paramant.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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
 *   <li>{@code --nginx PATH|off} the baseline: before the relay's modes, nginx at {@code PATH}
 *       (default {@code /usr/sbin/nginx}) serves a static 5 MiB file to the same number of clients
 *       for the same time ({@link NginxBaseline}); each mode then prints its round trips per second
 *       against nginx's GETs per second, and nginx's CPU per GET beside the relay's per round trip.
 *       {@code off} skips it.
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
 * <p>Memory part: see {@link StoredBlobsMemory}.
 */
public final class TransferBenchmark implements BenchOptions.Program {

  private static final int BLOB = FreshBlobs.SIZE;
  private static final Report.Layout LATENCY = new Report.Layout("latency ms", 11, "n", 6, 1);

  static final String USAGE =
      "usage: TransferBenchmark --relay URL --key KEY [--pairs N] [--seconds S] [--warmup S]\n"
          + "         [--mode json|binary|both] [--store C] [--pid PID] [--admin-token T] [--no-gc]\n"
          + "         [--memory-warmup N] [--ttl-ms MS] [--nginx PATH|off]\n"
          + BenchOptions.SECRETS_FROM_ENVIRONMENT;

  private final BenchOptions options;
  private int pairs = 1;
  private int seconds = 20;
  private int warmup = 5;
  private String mode = "both";
  private int store;
  private boolean gc = true;
  private int memoryWarmup = 10;
  private String nginx = "/usr/sbin/nginx";
  private NginxBaseline.Result baseline;
  private final Report report = new Report(58, 40);

  private TransferBenchmark() {
    options =
        new BenchOptions()
            .whole("--pairs", 0, v -> pairs = v)
            .whole("--seconds", 0, v -> seconds = v)
            .whole("--warmup", 0, v -> warmup = v)
            .choice(
                "--mode",
                List.of("json", "binary", "both"),
                "--mode must be json, binary or both",
                v -> mode = v)
            .whole("--store", 0, v -> store = v)
            .flag("--no-gc", () -> gc = false)
            .whole("--memory-warmup", 0, v -> memoryWarmup = v)
            .text("--nginx", v -> nginx = v);
  }

  public static void main(String[] args) throws Exception {
    RelayClient.useLargeBuffers();
    BenchOptions.main(
        args,
        USAGE,
        a -> {
          TransferBenchmark benchmark = new TransferBenchmark();
          return benchmark.options.parse(a) ? benchmark : null;
        });
  }

  @Override
  public boolean run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Paramant transfer benchmark: relay %s, blob %,d bytes, %d pair(s), %d s (+%d s warm-up) per mode, "
            + "mode %s, store %d%n",
        options.relay,
        BLOB,
        pairs,
        seconds,
        warmup,
        mode,
        store);
    System.out.println(Report.loadGenerator(options.pid, "not given (no RSS/jcmd)"));
    if (pairs > 0 && seconds > 0) {
      if (!nginx.equals("off")) {
        baseline = new NginxBaseline(Path.of(nginx)).measure(pairs, seconds, warmup);
      }
      for (String m : mode.equals("both") ? List.of("json", "binary") : List.of(mode)) {
        report.require(throughput(m.equals("json")));
      }
    }
    if (store > 0) {
      report.require(new StoredBlobsMemory(options, store, gc, memoryWarmup, report).measure());
    }
    report.printTargets();
    return report.ok();
  }

  // ---------------------------------------------------------------- throughput

  private boolean throughput(boolean json) throws InterruptedException {
    String mode = json ? "json" : "binary";
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== %s: %d pair(s), %d s measured after %d s warm-up ==%n",
        mode,
        this.pairs,
        seconds,
        warmup);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < this.pairs; i++) {
      pairs.add(new Pair(i, json));
    }
    for (Pair pair : pairs) {
      pair.blobs.next();
      pair.blobs.selfCheck();
    }
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long stopAt = measureFrom + seconds * 1_000_000_000L;
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
    double relayMs =
        roundTrips == 0 || cpuFrom.relay() < 0 || cpuTo.relay() < 0
            ? Double.NaN
            : (cpuTo.relay() - cpuFrom.relay()) * 1000 / roundTrips;
    if (baseline != null) {
      System.out.println(NginxBaseline.ratio(baseline, perSecond));
    }
    List<Latencies.Summary> rows =
        Report.table(
            "",
            LATENCY,
            List.of(
                Map.entry("inbound", merged(pairs, p -> p.inbound)),
                Map.entry("outbound", merged(pairs, p -> p.outbound)),
                Map.entry("round trip", merged(pairs, p -> p.roundTrip))));
    Latencies.Summary in = rows.get(0);
    Latencies.Summary rt = rows.get(2);
    pairs.stream()
        .map(p -> p.firstError.get())
        .filter(e -> e != null)
        .findFirst()
        .ifPresent(e -> System.out.println("first error: " + e));
    if (!json && this.pairs == 1) {
      report.target(
          "binary, 1 pair: round trip p50 <= 20 ms",
          String.format(Locale.ROOT, "%.1f ms", rt.p50()),
          rt.p50() <= 20);
    }
    if (!json && this.pairs >= 4) {
      report.target(
          "binary, " + this.pairs + " pairs: >= 60 round trips/s",
          String.format(Locale.ROOT, "%.1f /s", perSecond),
          perSecond >= 60);
    }
    if (json) {
      report.target(
          "json, " + this.pairs + " pair(s): >= 30 round trips/s",
          String.format(Locale.ROOT, "%.1f /s", perSecond),
          perSecond >= 30);
    }
    if (!Double.isNaN(relayMs) && this.pairs >= 4) {
      double limit = json ? 15 : 8;
      report.target(
          mode + ", " + this.pairs + " pairs: relay CPU <= " + (int) limit + " ms per round trip",
          String.format(Locale.ROOT, "%.1f ms", relayMs),
          relayMs <= limit);
    }
    if (!json && baseline != null && this.pairs >= 4) {
      double share = 100 * perSecond / baseline.getsPerSecond();
      report.target(
          "binary, " + this.pairs + " pairs: >= 25 % of nginx's GET/s",
          String.format(
              Locale.ROOT, "%.1f %% (%.1f of %.1f /s)", share, perSecond, baseline.getsPerSecond()),
          share >= 25);
    }
    if (in.count() == 0) {
      System.out.println("no round trip completed in the measured window");
    }
    return corrupt == 0;
  }

  private static Latencies merged(List<Pair> pairs, Function<Pair, Latencies> pick) {
    return Latencies.merge(pairs.stream().map(pick).toList());
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
}
