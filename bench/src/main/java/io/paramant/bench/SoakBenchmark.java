package io.paramant.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A soak: mixed traffic through a running relay for a given time at fixed, bounded rates, with one
 * row per minute of what was done, what failed, and the relay's resident set, heap after a full GC,
 * threads and open files; at the end the drift of each figure. A program, not a test: its exit code
 * is non-zero for wrong usage or any unexpected error (wrong bytes, a wrong status, a missing event
 * or webhook), never for a figure.
 *
 * <h2>Run</h2>
 *
 * <pre>
 * # from the repository root: a relay of its own (own data directory and ports; webhooks to
 * # loopback allowed; drop pickups above the default 10 per minute and address)
 * export PARAMANT_ENV_FILE= PARAMANT_DATA=/tmp/soakrelay PARAMANT_PORT_MAIN=18741 \
 *     PARAMANT_PORT_HEALTH=18742 PARAMANT_PORT_FINANCE=18743 PARAMANT_PORT_LEGAL=18744 \
 *     PARAMANT_PORT_IOT=18745 PARAMANT_WEBHOOK_ALLOW_PRIVATE=true \
 *     PARAMANT_JAVA_OPTS=-Dparamant.drop.pickups-per-minute=600 \
 *     ADMIN_TOKEN=$(head -c 30 /dev/urandom | od -An -tx1 | tr -d ' \n')
 * server-config/paramant up main
 * KEY=$(server-config/paramant user add --label soak --plan enterprise --email s@example.com)
 * mvn -B -q -pl bench -am -DskipTests package
 * PARAMANT_KEY=$KEY PARAMANT_ADMIN_TOKEN=$ADMIN_TOKEN java -cp bench/target/classes \
 *     io.paramant.bench.SoakBenchmark --relay http://127.0.0.1:18741 \
 *     --pid $(cat $PARAMANT_DATA/run/main.pid) --minutes 60
 * server-config/paramant down main
 * </pre>
 *
 * <p>Options: those of every benchmark ({@link BenchOptions}: {@code --relay URL}, {@code --key
 * KEY} of an active enterprise account, {@code --pid PID} of the relay (needed for every relay
 * figure: {@code /proc/PID} and {@code jcmd PID GC.run}), {@code --admin-token T} to read the heap
 * from {@code /metrics} instead of {@code jcmd GC.heap_info} and the relay's webhook counters,
 * {@code --ttl-ms MS} of blobs and drops), and:
 *
 * <ul>
 *   <li>{@code --minutes N} how long the traffic runs (default 60)
 *   <li>{@code --binary-rate R} 5 MiB round trips per second, binary form (default 2; 0: none)
 *   <li>{@code --json-rate R} 5 MiB round trips per second, JSON form (default 1; 0: none)
 *   <li>{@code --hook-every K} every K-th transfer registers a hash webhook, delivered to a local
 *       {@link WebhookSink} (default 4; 0: none)
 *   <li>{@code --drop-rate R} drops stored and picked up per second (default 2; 0: none)
 *   <li>{@code --drop-size B} bytes per drop (default 4096)
 *   <li>{@code --log-rate R} log reads per second: tree head, leaf with inclusion proof,
 *       consistency proof in turn (default 3; 0: none)
 *   <li>{@code --sockets N} {@code /v2/stream} sockets of the account that must each receive the
 *       {@code blob_ready} of every transfer (default 50; 0: none)
 *   <li>{@code --row-seconds S} seconds per row (default 60; shorter only for trying it out)
 * </ul>
 *
 * <h2>What is measured</h2>
 *
 * The traffic: see {@link SoakTraffic} (one thread per activity, so at most one request of each in
 * flight). Rates are fixed, not a search for a maximum; the defaults, about 15 MB/s of blobs
 * through the relay, are meant to leave most of two shared cores idle. Row 0 is taken after the
 * sockets connected and before the traffic starts; each row then shows the operations done in its
 * minute per kind (events: {@code blob_ready} received, one per socket and upload), the refusals
 * (429, 503), the unexpected errors (the first of each row is printed below it), and the relay's
 * figures at its end: VmRSS and Threads from {@code /proc/PID/status}, the entries of {@code
 * /proc/PID/fd}, the heap used after {@code jcmd PID GC.run}, and the CPU cores the relay and this
 * program used in the minute. Drift = the last row minus row 1 (row 0 precedes the warm-up of the
 * traffic's code).
 */
public final class SoakBenchmark implements BenchOptions.Program {

  static final String USAGE =
      "usage: SoakBenchmark --relay URL --key KEY --pid PID [--admin-token T] [--minutes N]\n"
          + "         [--binary-rate R] [--json-rate R] [--hook-every K] [--drop-rate R]\n"
          + "         [--drop-size B] [--log-rate R] [--sockets N] [--row-seconds S] [--ttl-ms MS]\n"
          + BenchOptions.SECRETS_FROM_ENVIRONMENT;

  private static final String ROW = "%4s %7s %6s %6s %8s %6s %6s %8s %7s %8s %9s %8s %6s %6s %6s%n";

  /** The relay's figures at the end of a row; -1 when unknown. */
  private record Figures(long rss, long heap, long threads, long files) {}

  private final BenchOptions options;
  private int minutes = 60;
  private double binaryRate = 2;
  private double jsonRate = 1;
  private int hookEvery = 4;
  private double dropRate = 2;
  private int dropSize = 4096;
  private double logRate = 3;
  private int sockets = 50;
  private int rowSeconds = 60;

  private SoakBenchmark() {
    options =
        new BenchOptions()
            .whole("--minutes", 1, v -> minutes = v)
            .decimal("--binary-rate", 0, v -> binaryRate = v)
            .decimal("--json-rate", 0, v -> jsonRate = v)
            .whole("--hook-every", 0, v -> hookEvery = v)
            .decimal("--drop-rate", 0, v -> dropRate = v)
            .whole("--drop-size", 1, v -> dropSize = v)
            .decimal("--log-rate", 0, v -> logRate = v)
            .whole("--sockets", 0, v -> sockets = v)
            .whole("--row-seconds", 1, v -> rowSeconds = v);
  }

  public static void main(String[] args) throws Exception {
    RelayClient.useLargeBuffers();
    BenchOptions.main(
        args,
        USAGE,
        a -> {
          SoakBenchmark soak = new SoakBenchmark();
          return soak.options.parse(a) ? soak : null;
        });
  }

  @Override
  public boolean run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Paramant soak: relay %s, %d row(s) of %d s; per second %.2f binary + %.2f JSON 5 MiB round"
            + " trips (webhook on every %s), %.2f drops of %,d bytes, %.2f log reads;"
            + " %d socket(s)%n",
        options.relay,
        minutes,
        rowSeconds,
        binaryRate,
        jsonRate,
        hookEvery == 0 ? "none" : hookEvery + "th",
        dropRate,
        dropSize,
        logRate,
        sockets);
    System.out.println(
        Report.loadGenerator(options.pid, "not given (no relay figures)")
            + "; load average at start "
            + CpuAccount.loadAverage());
    Deliveries deliveries = new Deliveries();
    boolean hooks = hookEvery > 0 && binaryRate + jsonRate > 0;
    try (WebhookSink sink =
            hooks ? new WebhookSink(options.key, 2, 0, deliveries::delivered) : null;
        SocketFleet fleet = sockets > 0 ? new SocketFleet(options, sockets, 1) : null) {
      if (fleet != null && !connect(fleet)) {
        return false;
      }
      SoakTraffic traffic =
          new SoakTraffic(
              options,
              new SoakTraffic.Rates(binaryRate, jsonRate, dropRate, logRate, hookEvery, dropSize),
              fleet,
              sink,
              deliveries);
      return soak(traffic, fleet, deliveries);
    }
  }

  /** Connects the sockets and waits for their greetings; false if not every socket connected. */
  private boolean connect(SocketFleet fleet) throws InterruptedException {
    try {
      fleet.connect();
    } catch (IllegalStateException e) {
      System.out.println("ERROR: " + e.getMessage());
      return false;
    }
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        fleet.subscribedMessages.get() < sockets && System.nanoTime() < until; ) {
      Thread.sleep(20);
    }
    System.out.printf(
        Locale.ROOT,
        "connected %d sockets; \"subscribed\" greetings: %d%n",
        sockets,
        fleet.subscribedMessages.get());
    return true;
  }

  private boolean soak(SoakTraffic traffic, SocketFleet fleet, Deliveries deliveries)
      throws InterruptedException {
    RelayMemory relay =
        new RelayMemory(
            options.pid,
            new RelayClient(options.relay, options.key, options.ttlMs),
            options.adminToken);
    CpuAccount cpu = new CpuAccount(options.pid);
    Map<String, Double> metricsBefore = RelayMetrics.scrape(options);
    List<Figures> figures = new ArrayList<>();
    System.out.println();
    System.out.println(
        "per row: operations done, refusals (429/503) and unexpected errors in the row; the relay's"
            + " VmRSS, heap used after a full GC, threads, open files at its end, and CPU cores used"
            + " by the relay and by this program during it");
    System.out.printf(
        Locale.ROOT,
        ROW,
        "min",
        "binary",
        "json",
        "hooks",
        "events",
        "drops",
        "log",
        "refused",
        "errors",
        "RSS MiB",
        "heap MiB",
        "threads",
        "files",
        "relay",
        "self");
    figures.add(figures(relay));
    printRow("0", new long[traffic.tallies.size()], 0, 0, figures.get(0), null, null);

    List<Tally.Counts> last = counts(traffic);
    CpuAccount.Snapshot lastCpu = cpu.snapshot();
    long start = System.nanoTime();
    long row = TimeUnit.SECONDS.toNanos(rowSeconds);
    traffic.start(start + minutes * row);
    for (int m = 1; m <= minutes; m++) {
      long wait = start + m * row - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      List<Tally.Counts> now = counts(traffic);
      CpuAccount.Snapshot nowCpu = cpu.snapshot();
      long[] done = new long[now.size()];
      long refused = 0;
      long errors = 0;
      for (int i = 0; i < now.size(); i++) {
        Tally.Counts d = now.get(i).minus(last.get(i));
        done[i] = d.done();
        refused += d.refused();
        errors += d.errors();
      }
      Figures f = figures(relay);
      figures.add(f);
      printRow(Integer.toString(m), done, refused, errors, f, lastCpu, nowCpu);
      for (Tally t : traffic.tallies) {
        String first = t.takeFirstErrorOfRow();
        if (first != null) {
          System.out.println("      first " + t.name + " error: " + first);
        }
      }
      last = now;
      lastCpu = nowCpu;
    }
    traffic.awaitEnd();
    return summary(traffic, fleet, deliveries, figures, metricsBefore);
  }

  private static List<Tally.Counts> counts(SoakTraffic traffic) {
    return traffic.tallies.stream().map(Tally::counts).toList();
  }

  private static Figures figures(RelayMemory relay) throws InterruptedException {
    relay.fullGc();
    return new Figures(
        relay.vmRss(), relay.sample().heapUsed(), relay.threads(), relay.openFiles());
  }

  private static void printRow(
      String minute,
      long[] done,
      long refused,
      long errors,
      Figures f,
      CpuAccount.Snapshot from,
      CpuAccount.Snapshot to) {
    String relayCores = "";
    String selfCores = "";
    if (from != null && to != null) {
      double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
      relayCores =
          from.relay() < 0
              ? "n/a"
              : String.format(Locale.ROOT, "%.2f", (to.relay() - from.relay()) / wall);
      selfCores = String.format(Locale.ROOT, "%.2f", (to.self() - from.self()) / wall);
    }
    System.out.printf(
        Locale.ROOT,
        ROW,
        minute,
        done[0],
        done[1],
        done[2],
        done[3],
        done[4],
        done[5],
        refused,
        errors,
        Report.mib(f.rss()),
        Report.mib(f.heap()),
        count(f.threads()),
        count(f.files()),
        relayCores,
        selfCores);
  }

  private boolean summary(
      SoakTraffic traffic,
      SocketFleet fleet,
      Deliveries deliveries,
      List<Figures> figures,
      Map<String, Double> metricsBefore) {
    System.out.println();
    System.out.printf(Locale.ROOT, "== summary: %d row(s) of %d s ==%n", minutes, rowSeconds);
    System.out.printf(
        Locale.ROOT,
        "  %-10s %10s %8s %8s  %s%n",
        "kind",
        "done",
        "refused",
        "errors",
        "first error");
    long errors = 0;
    long refused = 0;
    for (Tally t : traffic.tallies) {
      Tally.Counts c = t.counts();
      errors += c.errors();
      refused += c.refused();
      System.out.printf(
          Locale.ROOT,
          "  %-10s %,10d %,8d %,8d  %s%n",
          t.name,
          c.done(),
          c.refused(),
          c.errors(),
          t.firstError() == null ? "" : t.firstError());
    }
    if (traffic.pending() > 0 || traffic.dropsLeft() > 0) {
      System.out.printf(
          Locale.ROOT,
          "  unsettled at the end: %d awaited events/webhooks; %d drops left to their TTL (pickups"
              + " refused until the end)%n",
          traffic.pending(),
          traffic.dropsLeft());
    }
    System.out.printf(
        Locale.ROOT,
        "  stray (late or unknown): events %d, webhooks %d%n",
        fleet == null ? 0 : fleet.strayEvents.get(),
        deliveries.stray.get());
    Map<String, Double> metricsAfter = RelayMetrics.scrape(options);
    if (metricsBefore != null && metricsAfter != null) {
      System.out.printf(
          Locale.ROOT,
          "  relay /metrics over the run: webhooks %s; events pushed +%.0f; sockets open %.0f%n",
          RelayMetrics.webhookOutcomes(metricsBefore, metricsAfter),
          RelayMetrics.delta(metricsBefore, metricsAfter, "paramant_events_pushed_total"),
          metricsAfter.getOrDefault("paramant_sockets_open", -1.0));
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "  %-18s %10s %10s %10s %10s %10s%n",
        "relay figure",
        "row 0",
        "row 1",
        "last",
        "drift",
        "max");
    drift("VmRSS MiB", figures, Figures::rss, true);
    drift("heap after GC MiB", figures, Figures::heap, true);
    drift("threads", figures, Figures::threads, false);
    drift("open files", figures, Figures::files, false);
    System.out.println("  (drift = last row - row 1; max over rows 1..last)");
    System.out.println();
    if (refused > 0) {
      System.out.printf(
          Locale.ROOT,
          "refusals: %,d (expected only for drop pickups over the relay's per-address limit,"
              + " paramant.drop.pickups-per-minute)%n",
          refused);
    }
    System.out.printf(Locale.ROOT, "unexpected errors: %,d%n", errors);
    return errors == 0;
  }

  private static void drift(
      String name, List<Figures> figures, ToLongFunction<Figures> pick, boolean mib) {
    long base = pick.applyAsLong(figures.get(0));
    long first = pick.applyAsLong(figures.get(1));
    long last = pick.applyAsLong(figures.get(figures.size() - 1));
    long max = Long.MIN_VALUE;
    for (Figures f : figures.subList(1, figures.size())) {
      max = Math.max(max, pick.applyAsLong(f));
    }
    boolean known = first >= 0 && last >= 0;
    System.out.printf(
        Locale.ROOT,
        "  %-18s %10s %10s %10s %10s %10s%n",
        name,
        mib ? Report.mib(base) : count(base),
        mib ? Report.mib(first) : count(first),
        mib ? Report.mib(last) : count(last),
        !known
            ? "n/a"
            : mib
                ? (last >= first ? "+" : "-") + Report.mib(Math.abs(last - first))
                : String.format(Locale.ROOT, "%+d", last - first),
        mib ? Report.mib(max) : count(max));
  }

  private static String count(long n) {
    return n < 0 ? "n/a" : Long.toString(n);
  }
}
