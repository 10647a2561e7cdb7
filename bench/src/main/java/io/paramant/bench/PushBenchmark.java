package io.paramant.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the relay's {@code blob_ready} events on {@code /v2/stream}. A program, not a test: it
 * prints figures (and, for orientation, the target of the performance issue) and never fails on a
 * timing. Its exit code is non-zero only for wrong usage or wrong bytes. Its sibling {@link
 * WebhookBenchmark} measures the {@code blob_retrieved} webhooks.
 *
 * <h2>Run</h2>
 *
 * <pre>
 * # from the repository root; a relay that allows private webhook targets (for the webhook part):
 * PARAMANT_ENV_FILE= PARAMANT_DATA=/tmp/pushbench ADMIN_TOKEN=... PARAMANT_PORT_MAIN=18700 \
 *     PARAMANT_WEBHOOK_ALLOW_PRIVATE=true server-config/paramant up main
 * PARAMANT_ENV_FILE= PARAMANT_DATA=/tmp/pushbench server-config/paramant user add --label bench \
 *     --plan enterprise --email b@example.com          # prints the pgp_ key once
 * mvn -B -q -f bench/pom.xml compile
 * PARAMANT_KEY=pgp_... PARAMANT_ADMIN_TOKEN=... java -cp bench/target/classes \
 *     io.paramant.bench.PushBenchmark --relay http://127.0.0.1:18700 \
 *     --pid $(cat /tmp/pushbench/run/main.pid)
 * # or: mvn -B -q -f bench/pom.xml compile exec:java@push -Dexec.args="--relay ... --pid ..."
 * </pre>
 *
 * <p>Options: those of every benchmark ({@link BenchOptions}: {@code --relay URL}, {@code --key
 * KEY} of an active account (enterprise: no device limit), {@code --pid PID} of the relay for the
 * CPU accounting, {@code --admin-token T} to read the relay's push counters from {@code /metrics},
 * {@code --ttl-ms MS} of the uploaded blobs), and:
 *
 * <ul>
 *   <li>{@code --part push|webhook|both} what to measure (default both; push first): the events
 *       here, the webhooks by {@link WebhookBenchmark}, which gets the webhook options
 *   <li>{@code --size B} blob size in bytes (default 1024)
 *   <li>{@code --sockets LIST} connected sockets per run, comma-separated (default {@code 1,1000})
 *   <li>{@code --measured M} sockets whose arrival times are sampled (default 4, at most the
 *       sockets of the run); every socket receives and is counted
 *   <li>{@code --uploads N} measured uploads of the sequential phase (default 500)
 *   <li>{@code --senders C} concurrent senders of the concurrent phase (default 4; 0 skips it)
 *   <li>{@code --concurrent-uploads N} measured uploads of the concurrent phase, all senders
 *       together (default 1000)
 *   <li>{@code --warmup N} unmeasured sequential uploads before the phases (default 50)
 * </ul>
 *
 * <h2>What is measured</h2>
 *
 * The sockets: see {@link SocketFleet}. An upload (binary form, a fresh random blob of {@code
 * --size} bytes) is timed from just before the request ({@code t0}) to the moment {@code
 * HttpClient.send} returns its response ({@code t1}). Figures per event and measured socket:
 * <i>after response</i> = arrival − t1 (the definition; negative when the event overtakes
 * the HTTP response: the relay queues the announcement before it answers), <i>after request
 * start</i> = arrival − t0. <i>All sockets</i> = the arrival at the last of all connected sockets −
 * t1, once per upload. The sender waits until every socket has the event (at most 5 s), then
 * downloads the blob (not timed; it frees the relay's slab) and sends the next one. The sequential
 * phase has one sender; the concurrent phase {@code --senders} such loops at once. Every phase
 * prints where the machine's CPU went (see {@link CpuAccount}).
 */
public final class PushBenchmark implements BenchOptions.Program {

  private static final Duration EVENT_WAIT = Duration.ofSeconds(5);
  private static final double TARGET_P99_MS = 50;

  static final String USAGE =
      "usage: PushBenchmark --relay URL --key KEY [--part push|webhook|both] [--pid PID]\n"
          + "         [--admin-token T] [--size B] [--ttl-ms MS]\n"
          + "         [--sockets 1,1000] [--measured M] [--uploads N] [--senders C]\n"
          + "         [--concurrent-uploads N] [--warmup N]\n"
          + WebhookBenchmark.OWN_USAGE
          + BenchOptions.SECRETS_FROM_ENVIRONMENT;

  private final BenchOptions options;
  private int size = 1024;
  private int[] sockets = {1, 1000};
  private int measured = 4;
  private int uploads = 500;
  private int senders = 4;
  private int concurrentUploads = 1000;
  private int warmup = 50;
  private String part = "both";
  private WebhookBenchmark webhooks;

  private final Report report = new Report(52, 38);
  private final AtomicLong seeds = new AtomicLong(System.nanoTime());
  private CpuAccount cpu;

  private PushBenchmark() {
    options =
        new BenchOptions()
            .whole("--size", 1, v -> size = v)
            .wholes("--sockets", 1, v -> sockets = v)
            .whole("--measured", 1, v -> measured = v)
            .whole("--uploads", 0, v -> uploads = v)
            .whole("--senders", 0, v -> senders = v)
            .whole("--concurrent-uploads", 0, v -> concurrentUploads = v)
            .whole("--warmup", 0, v -> warmup = v);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions.main(args, USAGE, PushBenchmark::parse);
  }

  /**
   * The program for {@code args}, null for help. {@code --part webhook} or {@code both} adds a
   * {@link WebhookBenchmark}; each program gets the options it knows, the common ones both.
   */
  static PushBenchmark parse(String[] args) {
    PushBenchmark push = new PushBenchmark();
    Set<String> events = push.options.names();
    Set<String> hooks = WebhookBenchmark.optionNames();
    List<String> eventArgs = new ArrayList<>();
    List<String> hookArgs = new ArrayList<>();
    String part = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String value = args[++i];
      if (arg.equals("--part")) {
        if (part != null) {
          throw new IllegalArgumentException("--part given twice");
        }
        if (!List.of("push", "webhook", "both").contains(value)) {
          throw new IllegalArgumentException("--part must be push, webhook or both");
        }
        part = value;
        continue;
      }
      // an option neither program knows goes to both, whose parsers refuse it
      if (events.contains(arg) || !hooks.contains(arg)) {
        eventArgs.addAll(List.of(arg, value));
      }
      if (hooks.contains(arg) || !events.contains(arg)) {
        hookArgs.addAll(List.of(arg, value));
      }
    }
    push.options.parse(eventArgs.toArray(String[]::new));
    push.part = part == null ? "both" : part;
    if (!push.part.equals("push")) {
      push.webhooks = WebhookBenchmark.parse(hookArgs.toArray(String[]::new));
    }
    return push;
  }

  @Override
  public boolean run() throws Exception {
    cpu = new CpuAccount(options.pid);
    System.out.printf(
        Locale.ROOT,
        "Paramant push benchmark: relay %s, blobs of %,d bytes, part %s%n",
        options.relay,
        size,
        part);
    System.out.println(
        Report.loadGenerator(options.pid, "not given (relay CPU not separated)")
            + "; load average at start "
            + CpuAccount.loadAverage());
    if (!part.equals("webhook")) {
      for (int n : sockets) {
        push(n);
      }
    }
    if (webhooks != null) {
      webhooks.measure(report);
    }
    report.printTargets();
    return report.ok();
  }

  private BlobSender sender() {
    return new BlobSender(options, size, seeds.getAndAdd(0x9E3779B97F4A7C15L));
  }

  private void push(int sockets) throws Exception {
    int measured = Math.max(1, Math.min(this.measured, sockets));
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== push: %,d connected socket(s) of one account, %d measured ==%n",
        sockets,
        measured);
    System.out.println(
        "(event after response < 0: the event reached the socket before the upload's HTTP response"
            + " reached the sender)");
    Map<String, Double> metricsBefore = RelayMetrics.scrape(options);
    try (SocketFleet fleet = new SocketFleet(options, sockets, measured)) {
      long t0 = System.nanoTime();
      fleet.connect();
      System.out.printf(
          Locale.ROOT,
          "connected %,d sockets in %.1f s (ticket + upgrade each, %d at a time; %d waits of 20 ms"
              + " for a ticket: too many unredeemed)%n",
          sockets,
          (System.nanoTime() - t0) / 1e9,
          SocketFleet.CONNECTORS,
          fleet.ticketWaits.get());
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
          fleet.subscribedMessages.get() < sockets && System.nanoTime() < until; ) {
        Thread.sleep(20);
      }
      System.out.printf(
          Locale.ROOT,
          "\"subscribed\" greetings received: %,d of %,d (a relay without the greeting sends none)%n",
          fleet.subscribedMessages.get(),
          sockets);
      if (!probe(fleet, sockets)) {
        return;
      }
      BlobSender warm = sender();
      EventStats ignored = new EventStats();
      for (int i = 0; i < warmup; i++) {
        fleet.upload(warm, ignored, EVENT_WAIT);
      }
      report.require(ignored.wrongBytes == 0);
      if (uploads > 0) {
        phase(
            fleet,
            String.format(Locale.ROOT, "%,d sockets, sequential (1 sender)", sockets),
            sockets,
            measured,
            1,
            uploads);
      }
      if (senders > 0 && concurrentUploads > 0) {
        phase(
            fleet,
            String.format(Locale.ROOT, "%,d sockets, %d concurrent senders", sockets, senders),
            sockets,
            measured,
            senders,
            concurrentUploads);
      }
      Map<Integer, Integer> closed = fleet.closedByCode();
      System.out.printf(
          Locale.ROOT,
          "sockets closed by the relay during the run: %s; stray events (late or unknown) %d;"
              + " other messages %d%n",
          closed.isEmpty() ? "none" : closed.toString(),
          fleet.strayEvents.get(),
          fleet.otherMessages.get());
      Map<String, Double> metricsAfter = RelayMetrics.scrape(options);
      if (metricsBefore != null && metricsAfter != null) {
        System.out.printf(
            Locale.ROOT,
            "relay /metrics: paramant_sockets_open %.0f; paramant_events_pushed_total +%.0f%n",
            metricsAfter.getOrDefault("paramant_sockets_open", -1.0),
            RelayMetrics.delta(metricsBefore, metricsAfter, "paramant_events_pushed_total"));
      }
    }
  }

  /** Uploads until every socket has the event (the relay adds a socket after the upgrade). */
  private boolean probe(SocketFleet fleet, int sockets) throws Exception {
    BlobSender sender = sender();
    for (int attempt = 1; attempt <= 10; attempt++) {
      EventStats stats = new EventStats();
      fleet.upload(sender, stats, Duration.ofSeconds(2));
      if (stats.deliveredAll == sockets) {
        return true;
      }
      System.out.printf(
          Locale.ROOT,
          "probe %d: %d of %d sockets received the event%s%n",
          attempt,
          stats.deliveredAll,
          sockets,
          stats.firstError == null ? "" : " (" + stats.firstError + ")");
      Thread.sleep(500);
    }
    System.out.println("not every socket receives events; skipping this run");
    return false;
  }

  private void phase(
      SocketFleet fleet, String name, int sockets, int measured, int senders, int uploads)
      throws InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "-- %s: %,d uploads, the events at %d measured socket(s) --%n",
        name,
        uploads,
        measured);
    List<EventStats> parts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int s = 0; s < senders; s++) {
      int share = uploads / senders + (s < uploads % senders ? 1 : 0);
      EventStats stats = new EventStats();
      parts.add(stats);
      BlobSender sender = sender();
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < share; i++) {
                    fleet.upload(sender, stats, EVENT_WAIT);
                  }
                } catch (IOException e) {
                  stats.error(e.toString());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "sender-" + s);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    CpuAccount.Snapshot from = cpu.snapshot();
    long began = System.nanoTime();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    CpuAccount.Snapshot to = cpu.snapshot();
    EventStats all = new EventStats();
    parts.forEach(all::add);
    Latencies.Summary afterResponse =
        Report.table(
                "",
                Report.MILLISECONDS,
                List.of(
                    Map.entry(
                        "event after response", EventStats.merged(parts, s -> s.afterResponse)),
                    Map.entry(
                        "event after request start",
                        EventStats.merged(parts, s -> s.afterRequestStart)),
                    Map.entry("upload request", EventStats.merged(parts, s -> s.upload)),
                    Map.entry(
                        "all sockets after response", EventStats.merged(parts, s -> s.allSockets))))
            .get(0);
    System.out.printf(
        Locale.ROOT,
        "uploads %,d in %.1f s (%.1f /s incl. wait + download); failed uploads %d;"
            + " measured events %,d (%.1f%% before the upload's response), missing %d%n",
        all.uploads,
        seconds,
        all.uploads / seconds,
        all.failedUploads,
        all.measuredEvents,
        all.measuredEvents == 0 ? 0.0 : 100.0 * all.beforeResponse / all.measuredEvents,
        all.missingMeasured);
    System.out.printf(
        Locale.ROOT,
        "events at all sockets: %,d of %,d (%,d uploads not seen by every socket within %d s);"
            + " wrong downloaded bytes %d%n",
        all.deliveredAll,
        all.expectedAll,
        all.incompleteUploads,
        EVENT_WAIT.toSeconds(),
        all.wrongBytes);
    if (all.firstError != null) {
      System.out.println("first error: " + all.firstError);
    }
    System.out.println(CpuAccount.report(from, to, all.uploads).replace("round trip", "upload"));
    report.require(all.wrongBytes == 0);
    if (sockets >= 1000 && afterResponse.count() > 0) {
      report.target(
          "event p99 <= 50 ms, " + name,
          String.format(
              Locale.ROOT,
              "p99 %.1f ms (p50 %.1f, p95 %.1f)",
              afterResponse.p99(),
              afterResponse.p50(),
              afterResponse.p95()),
          afterResponse.p99() <= TARGET_P99_MS && all.missingMeasured == 0);
    }
  }
}
