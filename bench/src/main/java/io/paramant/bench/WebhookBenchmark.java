package io.paramant.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the relay's {@code blob_retrieved} webhooks ({@code POST /v2/webhook}). A program, not a
 * test: it prints figures and never fails on a timing. Its exit code is non-zero only for wrong
 * usage, wrong bytes or a webhook with a wrong signature. {@code PushBenchmark --part webhook} runs
 * it as well (see there for starting a relay that allows private webhook targets).
 *
 * <pre>
 * PARAMANT_KEY=pgp_... PARAMANT_ADMIN_TOKEN=... java -cp bench/target/classes \
 *     io.paramant.bench.WebhookBenchmark --relay http://127.0.0.1:18700 \
 *     --pid $(cat /tmp/pushbench/run/main.pid)
 * # or: mvn -B -q -f bench/pom.xml compile exec:java@webhook -Dexec.args="--relay ... --pid ..."
 * </pre>
 *
 * <p>Options: those of every benchmark ({@link BenchOptions}), {@code --size B} (blob size, default
 * 1024), and:
 *
 * <ul>
 *   <li>{@code --hook-modes LIST} {@code hash}, {@code device} or both, run in the order given
 *       (default {@code hash,device}: the runs with the most deliveries per download come last)
 *   <li>{@code --hooks-per-device LIST} device registrations (distinct callback URLs) per run of
 *       the device mode, comma-separated (default {@code 1,10}); each download then triggers that
 *       many deliveries
 *   <li>{@code --hook-samples N} sequential round trips of the latency phase (default 200)
 *   <li>{@code --hook-workers K} concurrent workers of the throughput phase (default 4)
 *   <li>{@code --hook-seconds S} length of the throughput phase (default 20; 0 skips it)
 *   <li>{@code --receiver-threads T} handler threads of the webhook receiver (default 4)
 *   <li>{@code --receiver-delay-ms D} the receiver holds each request D ms before it answers
 *       (default 0): a slow receiver, e.g. {@code --receiver-delay-ms 50} with 4 threads takes at
 *       most 80 requests/s, far below what 10 device registrations offer (the overload run)
 * </ul>
 *
 * <h2>What is measured</h2>
 *
 * A {@link WebhookSink} on 127.0.0.1 receives the callbacks and checks every signature. Device
 * mode: R device registrations for a fresh device id, the blobs are uploaded addressed to it; hash
 * mode: each blob gets its own one-shot hash registration between upload and download. Latency =
 * arrival at the receiver − the moment the download's last byte was received (negative when the
 * callback overtakes the download response). Latency phase: one blob at a time, the next only after
 * its deliveries arrived. Throughput phase: {@code --hook-workers} loops of upload, (registration,)
 * download for {@code --hook-seconds}, not waiting for deliveries; deliveries/s = deliveries that
 * arrived within the window / window, and all deliveries of the window's downloads / (last arrival
 * − window start). The load is a closed loop: the offered rate is what the workers' downloads
 * produce (times R), not a search for the relay's maximum. Deliveries that never arrive are printed
 * as a WARNING next to the relay's own {@code failed} counter (with {@code --admin-token}). Every
 * phase prints where the machine's CPU went (see {@link CpuAccount}).
 */
public final class WebhookBenchmark implements BenchOptions.Program {

  static final Duration HOOK_WAIT = Duration.ofSeconds(10);

  /** The usage lines of this program's own options (also part of PushBenchmark's usage). */
  static final String OWN_USAGE =
      "         [--hook-modes hash,device] [--hooks-per-device 1,10] [--hook-samples N]\n"
          + "         [--hook-workers K] [--hook-seconds S] [--receiver-threads T]\n"
          + "         [--receiver-delay-ms D]\n";

  static final String USAGE =
      "usage: WebhookBenchmark --relay URL --key KEY [--pid PID] [--admin-token T] [--size B]\n"
          + "         [--ttl-ms MS]\n"
          + OWN_USAGE
          + BenchOptions.SECRETS_FROM_ENVIRONMENT;

  private final BenchOptions options;
  private int size = 1024;
  private List<String> hookModes = List.of("hash", "device");
  private int[] hooksPerDevice = {1, 10};
  private int hookSamples = 200;
  private int hookWorkers = 4;
  private int hookSeconds = 20;
  private int receiverThreads = 4;
  private int receiverDelayMs = 0;

  private final AtomicLong seeds = new AtomicLong(System.nanoTime());
  private final Deliveries deliveries = new Deliveries();
  private Report report;
  private CpuAccount cpu;

  private WebhookBenchmark() {
    options =
        new BenchOptions()
            .whole("--size", 1, v -> size = v)
            .text(
                "--hook-modes",
                v -> {
                  List<String> modes = List.of(v.split(","));
                  if (modes.isEmpty() || !List.of("device", "hash").containsAll(modes)) {
                    throw new IllegalArgumentException(
                        "--hook-modes takes hash, device or both, e.g. hash,device");
                  }
                  hookModes = modes;
                })
            .wholes(
                "--hooks-per-device",
                1,
                v -> {
                  for (int r : v) {
                    if (r > 90) {
                      throw new IllegalArgumentException(
                          "--hooks-per-device: at most 90 (an account holds at most 100"
                              + " registrations)");
                    }
                  }
                  hooksPerDevice = v;
                })
            .whole("--hook-samples", 0, v -> hookSamples = v)
            .whole("--hook-workers", 0, v -> hookWorkers = v)
            .whole("--hook-seconds", 0, v -> hookSeconds = v)
            .whole("--receiver-threads", 1, v -> receiverThreads = v)
            .whole("--receiver-delay-ms", 0, v -> receiverDelayMs = v);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions.main(args, USAGE, WebhookBenchmark::parse);
  }

  /** The program for {@code args}; null for help. */
  static WebhookBenchmark parse(String[] args) {
    WebhookBenchmark benchmark = new WebhookBenchmark();
    return benchmark.options.parse(args) ? benchmark : null;
  }

  /** The names of the options this program takes (the common ones and its own). */
  static Set<String> optionNames() {
    return new WebhookBenchmark().options.names();
  }

  @Override
  public boolean run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Paramant webhook benchmark: relay %s, blobs of %,d bytes%n",
        options.relay,
        size);
    System.out.println(
        Report.loadGenerator(options.pid, "not given (relay CPU not separated)")
            + "; load average at start "
            + CpuAccount.loadAverage());
    Report own = new Report(52, 38);
    measure(own);
    own.printTargets();
    return own.ok();
  }

  /** The webhook runs, reported into {@code report} (also PushBenchmark's). */
  void measure(Report report) throws Exception {
    this.report = report;
    this.cpu = new CpuAccount(options.pid);
    try (WebhookSink sink =
        new WebhookSink(options.key, receiverThreads, receiverDelayMs, deliveries::delivered)) {
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "== webhooks: receiver %s (JDK HttpServer, %d threads, answers after %d ms),"
              + " blob_retrieved on download ==%n",
          sink.url("/"),
          receiverThreads,
          receiverDelayMs);
      for (String mode : hookModes) {
        if (mode.equals("device")) {
          for (int r : hooksPerDevice) {
            run(sink, true, r);
          }
        } else {
          run(sink, false, 1);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "receiver: %,d requests; bad signatures %d; malformed %d; duplicates %d; stray %d%n",
          sink.requests(),
          sink.badSignatures(),
          sink.malformed(),
          deliveries.duplicates.get(),
          deliveries.stray.get());
      if (sink.firstProblem() != null) {
        System.out.println("first receiver problem: " + sink.firstProblem());
      }
      report.require(sink.badSignatures() == 0 && sink.malformed() == 0);
    }
  }

  private HookWorker worker(WebhookSink sink, String deviceId, int perBlob) {
    BlobSender sender = new BlobSender(options, size, seeds.getAndAdd(0x9E3779B97F4A7C15L));
    return new HookWorker(sender, deviceId, perBlob, sink.url("/hash"), deliveries);
  }

  /** Device mode with {@code perBlob} registrations, or hash mode ({@code perBlob} = 1). */
  private void run(WebhookSink sink, boolean device, int perBlob) throws Exception {
    String deviceId = device ? "pushbench-" + Long.toHexString(seeds.incrementAndGet()) : null;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "-- webhooks, %s --%n",
        device
            ? perBlob + " device registration(s) for " + deviceId + " (one delivery each per blob)"
            : "one hash registration per blob (registered between upload and download)");
    if (device) {
      RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
      for (int i = 0; i < perBlob; i++) {
        HttpResponse<String> r =
            client.postJson(
                "/v2/webhook",
                "{\"device_id\":\""
                    + deviceId
                    + "\",\"callback_url\":\""
                    + sink.url("/device/" + i)
                    + "\"}");
        if (r.statusCode() != 200) {
          System.out.println("registration failed: HTTP " + r.statusCode() + " " + r.body());
          return;
        }
      }
    }
    Map<String, Double> metricsBefore = RelayMetrics.scrape(options);
    HookWorker warm = worker(sink, deviceId, perBlob);
    for (int i = 0; i < Math.min(20, hookSamples); i++) {
      Deliveries.Hook h = warm.roundTrip();
      if (h != null) {
        h.latch.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    warm.forget();

    // latency: one blob at a time
    if (hookSamples > 0) {
      HookWorker one = worker(sink, deviceId, perBlob);
      CpuAccount.Snapshot from = cpu.snapshot();
      for (int i = 0; i < hookSamples; i++) {
        Deliveries.Hook h = one.roundTrip();
        if (h != null) {
          h.latch.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      CpuAccount.Snapshot to = cpu.snapshot();
      System.out.printf(
          Locale.ROOT,
          "latency phase: %d sequential downloads, each waits for its deliveries%n",
          hookSamples);
      deliveries.report(
          one.hooks, HookWorker.Totals.of(List.of(one)), Long.MIN_VALUE, Long.MAX_VALUE, from, to);
      report.require(one.wrongBytes == 0);
      one.forget();
    }

    // throughput: workers loop for the window without waiting for deliveries
    if (hookSeconds > 0 && hookWorkers > 0) {
      List<HookWorker> workers = new ArrayList<>();
      for (int w = 0; w < hookWorkers; w++) {
        workers.add(worker(sink, deviceId, perBlob));
      }
      long start = System.nanoTime();
      long stopAt = start + TimeUnit.SECONDS.toNanos(hookSeconds);
      CpuAccount.Snapshot from = cpu.snapshot();
      List<Thread> threads = new ArrayList<>();
      for (HookWorker w : workers) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    while (System.nanoTime() < stopAt) {
                      w.roundTrip();
                    }
                  } catch (IOException e) {
                    w.error(e.toString());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "hook-worker");
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long windowEnd = System.nanoTime();
      CpuAccount.Snapshot to = cpu.snapshot();
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      List<Deliveries.Hook> hooksOfWindow = new ArrayList<>();
      for (HookWorker w : workers) {
        for (Deliveries.Hook h : w.hooks) {
          long left = drainDeadline - System.nanoTime();
          if (left > 0) {
            h.latch.await(left, TimeUnit.NANOSECONDS);
          }
        }
        hooksOfWindow.addAll(w.hooks);
      }
      HookWorker.Totals all = HookWorker.Totals.of(workers);
      double window = (windowEnd - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "throughput phase: %d workers for %.1f s: %,d downloads (%.1f /s)%n",
          workers.size(),
          window,
          all.downloads(),
          all.downloads() / window);
      deliveries.report(hooksOfWindow, all, start, windowEnd, from, to);
      report.require(all.wrongBytes() == 0);
      workers.forEach(HookWorker::forget);
    }
    Map<String, Double> metricsAfter = RelayMetrics.scrape(options);
    if (metricsBefore != null && metricsAfter != null) {
      System.out.println(
          "relay /metrics paramant_webhook_deliveries_total over this run (warm-up included): "
              + RelayMetrics.webhookOutcomes(metricsBefore, metricsAfter));
    }
  }
}
