package io.paramant.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the relay's push paths: {@code blob_ready} events on {@code /v2/stream} and {@code
 * blob_retrieved} webhooks. A program, not a test: it prints figures (and, for orientation, the
 * target of the performance issue) and never fails on a timing. Its exit code is non-zero only for
 * wrong usage, wrong bytes or a webhook with a wrong signature.
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
 * <p>Options ({@code --key} and {@code --admin-token} may instead come from the environment
 * variables {@code PARAMANT_KEY} and {@code PARAMANT_ADMIN_TOKEN}, which keeps them out of the
 * process list):
 *
 * <ul>
 *   <li>{@code --relay URL} relay base URL (default {@code http://127.0.0.1:3000})
 *   <li>{@code --key KEY} a {@code pgp_} key of an active account (enterprise: no device limit)
 *   <li>{@code --part push|webhook|both} what to measure (default both; push first)
 *   <li>{@code --pid PID} the relay's process id, for the CPU accounting
 *   <li>{@code --admin-token T} read the relay's push and webhook counters from {@code /metrics}
 *   <li>{@code --size B} blob size in bytes (default 1024)
 *   <li>{@code --ttl-ms MS} TTL of the uploaded blobs (default 600000)
 * </ul>
 *
 * Push part ({@code /v2/stream}):
 *
 * <ul>
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
 * Webhook part ({@code POST /v2/webhook}):
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
 * <b>Events.</b> All sockets belong to the account of {@code --key} and name no device, so every
 * socket receives every {@code blob_ready}. The first {@code --measured} sockets run on an HTTP
 * client of their own (so that their frames are not read behind those of a thousand others); the
 * others are spread over clients of at most 250 sockets each. An upload (binary form, a fresh
 * random blob of {@code --size} bytes) is timed from just before the request ({@code t0}) to the
 * moment {@code HttpClient.send} returns its response ({@code t1}); an event is stamped with {@link
 * System#nanoTime()} when the socket's listener receives its text. Figures per event and measured
 * socket: <i>after response</i> = arrival − t1 (the definition; negative when the event
 * overtakes the HTTP response: the relay queues the announcement before it answers), <i>after
 * request start</i> = arrival − t0. <i>All sockets</i> = the arrival at the last of all connected
 * sockets − t1, once per upload. The sender waits until every socket has the event (at most 5 s),
 * then downloads the blob (not timed; it frees the relay's slab) and sends the next one. The
 * sequential phase has one sender; the concurrent phase {@code --senders} such loops at once.
 *
 * <p><b>Webhooks.</b> A {@link WebhookSink} on 127.0.0.1 receives the callbacks and checks every
 * signature. Device mode: R device registrations for a fresh device id, the blobs are uploaded
 * addressed to it; hash mode: each blob gets its own one-shot hash registration between upload and
 * download. Latency = arrival at the receiver − the moment the download's last byte was received
 * (negative when the callback overtakes the download response). Latency phase: one blob at a time,
 * the next only after its deliveries arrived. Throughput phase: {@code --hook-workers} loops of
 * upload, (registration,) download for {@code --hook-seconds}, not waiting for deliveries;
 * deliveries/s = deliveries that arrived within the window / window, and all deliveries of the
 * window's downloads / (last arrival − window start). The load is a closed loop: the offered rate
 * is what the workers' downloads produce (times R), not a search for the relay's maximum.
 * Deliveries that never arrive are printed as a WARNING next to the relay's own {@code failed}
 * counter (with {@code --admin-token}).
 *
 * <p><b>Machine load.</b> Every phase prints where the machine's CPU went (see {@link CpuAccount}):
 * the relay (with {@code --pid}), this load generator, and all other processes.
 */
public final class PushBenchmark {

  private static final HexFormat HEX = HexFormat.of();
  private static final Duration EVENT_WAIT = Duration.ofSeconds(5);
  private static final Duration HOOK_WAIT = Duration.ofSeconds(10);
  private static final int SOCKETS_PER_CLIENT = 250;
  private static final int CONNECTORS = 8;
  private static final String HASH_FIELD = "\"hash\":\"";
  private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");
  private static final double TARGET_P99_MS = 50;

  private final Options options;
  private final CpuAccount cpu;
  private final List<String> targetLines = new ArrayList<>();
  private final AtomicLong seeds = new AtomicLong(System.nanoTime());
  private boolean ok = true;

  // push part: blobs whose events are awaited, by hash
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong strayEvents = new AtomicLong();
  private final AtomicLong otherMessages = new AtomicLong();
  private final AtomicLong subscribedMessages = new AtomicLong();

  // webhook part: blobs whose deliveries are awaited, by hash
  private final ConcurrentHashMap<String, Hook> hooks = new ConcurrentHashMap<>();
  private final AtomicLong strayDeliveries = new AtomicLong();
  private final AtomicLong duplicateDeliveries = new AtomicLong();
  private volatile String sinkUrl;

  private PushBenchmark(Options options) {
    this.options = options;
    this.cpu = new CpuAccount(options.pid);
  }

  public static void main(String[] args) throws Exception {
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
    boolean ok = new PushBenchmark(options).run();
    System.out.flush();
    if (!ok) {
      System.exit(1);
    }
  }

  private boolean run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Paramant push benchmark: relay %s, blobs of %,d bytes, part %s%n",
        options.relay,
        options.size,
        options.part);
    System.out.printf(
        Locale.ROOT,
        "load generator: %d CPUs visible, Java %s; relay pid %s; load average at start %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        options.pid == null ? "not given (relay CPU not separated)" : options.pid,
        loadAverage());
    if (!options.part.equals("webhook")) {
      for (int sockets : options.sockets) {
        push(sockets);
      }
    }
    if (!options.part.equals("push")) {
      webhooks();
    }
    if (!targetLines.isEmpty()) {
      System.out.println();
      System.out.println(
          "== targets of the performance issue (informational; 2 cores shared with the load generator) ==");
      targetLines.forEach(System.out::println);
    }
    return ok;
  }

  // ================================================================ push: blob_ready events

  /** One upload whose events are awaited. Arrival times are written by the sockets' threads. */
  private static final class Pending {
    final AtomicLongArray measuredAt;
    final AtomicInteger received = new AtomicInteger();
    final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE);
    final CountDownLatch all;
    final int sockets;

    Pending(int measured, int sockets) {
      this.sockets = sockets;
      this.measuredAt = new AtomicLongArray(measured);
      for (int i = 0; i < measured; i++) {
        measuredAt.set(i, Long.MIN_VALUE);
      }
      this.all = new CountDownLatch(sockets);
    }
  }

  /** Called on a socket's thread for every complete text message. */
  private void received(int measuredIndex, String text, long at) {
    if (text.startsWith("{\"type\":\"subscribed\"")) {
      subscribedMessages.incrementAndGet(); // the relay's greeting: announcements flow from now on
      return;
    }
    int from = text.indexOf(HASH_FIELD);
    if (from < 0 || !text.contains("\"blob_ready\"") || text.length() < from + 8 + 64) {
      otherMessages.incrementAndGet();
      return;
    }
    String hash = text.substring(from + HASH_FIELD.length(), from + HASH_FIELD.length() + 64);
    Pending p = pending.get(hash);
    if (p == null) {
      strayEvents.incrementAndGet();
      return;
    }
    if (measuredIndex >= 0) {
      p.measuredAt.compareAndSet(measuredIndex, Long.MIN_VALUE, at);
    }
    p.lastAt.accumulateAndGet(at, Math::max);
    if (p.received.incrementAndGet() <= p.sockets) {
      p.all.countDown();
    }
  }

  /** One {@code /v2/stream} socket of the benchmark. */
  private final class Subscriber implements WebSocket.Listener {
    final int measuredIndex;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;
    volatile String closeReason;

    Subscriber(int measuredIndex) {
      this.measuredIndex = measuredIndex;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long at = System.nanoTime();
      if (!last) {
        partial.append(data);
        return null;
      }
      String text;
      if (partial.length() == 0) {
        text = data.toString();
      } else {
        text = partial.append(data).toString();
        partial.setLength(0);
      }
      received(measuredIndex, text, at);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeReason = error.toString();
      closed.complete(-2);
    }
  }

  /** The sockets of one run and their HTTP clients. */
  private final class Fleet implements AutoCloseable {
    final List<Subscriber> subscribers = new ArrayList<>();
    final List<ExecutorService> executors = new ArrayList<>();
    final List<HttpClient> clients = new ArrayList<>();
    final AtomicInteger ticketWaits = new AtomicInteger();
    final int measured;

    Fleet(int sockets, int measured) {
      this.measured = measured;
      clients.add(client("measured", 2));
      int background = sockets - measured;
      for (int i = 0; i < (background + SOCKETS_PER_CLIENT - 1) / SOCKETS_PER_CLIENT; i++) {
        clients.add(client("sockets-" + i, 2));
      }
      for (int i = 0; i < sockets; i++) {
        subscribers.add(new Subscriber(i < measured ? i : -1));
      }
    }

    private HttpClient client(String name, int threads) {
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      executors.add(executor);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(executor)
          .build();
    }

    HttpClient clientOf(int index) {
      return index < measured
          ? clients.get(0)
          : clients.get(1 + (index - measured) / SOCKETS_PER_CLIENT);
    }

    /** Opens every socket ({@value #CONNECTORS} at a time: tickets per account are limited). */
    void connect() throws InterruptedException {
      AtomicInteger next = new AtomicInteger();
      AtomicReference<String> error = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < CONNECTORS; c++) {
        Thread t =
            new Thread(
                () -> {
                  RelayClient relay = new RelayClient(options.relay, options.key, options.ttlMs);
                  for (int i = next.getAndIncrement();
                      i < subscribers.size() && error.get() == null;
                      i = next.getAndIncrement()) {
                    try {
                      open(relay, i);
                    } catch (Exception e) {
                      error.compareAndSet(null, "socket " + i + ": " + e);
                    }
                  }
                },
                "connector-" + c);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      if (error.get() != null) {
        throw new IllegalStateException("could not connect every socket: " + error.get());
      }
    }

    private void open(RelayClient relay, int index) throws Exception {
      HttpResponse<String> ticket = relay.postJson("/v2/ws-ticket", "");
      // The relay redeems a ticket in the socket's @OnOpen, which may run a little after the client
      // has the upgrade's 101: on a busy machine the 8 connectors can then hold the account's 32
      // unredeemed tickets for a moment. Wait for the relay instead of failing the run.
      for (int wait = 0; ticket.statusCode() == 409 && wait < 100; wait++) {
        ticketWaits.incrementAndGet();
        Thread.sleep(20);
        ticket = relay.postJson("/v2/ws-ticket", "");
      }
      Matcher m = TICKET.matcher(ticket.body());
      if (ticket.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException(
            "POST /v2/ws-ticket answered " + ticket.statusCode() + " " + ticket.body());
      }
      URI uri =
          URI.create(
              (options.relay.getScheme().equals("https") ? "wss://" : "ws://")
                  + options.relay.getRawAuthority()
                  + "/v2/stream?ticket="
                  + m.group(1));
      Subscriber s = subscribers.get(index);
      s.socket =
          clientOf(index)
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, s)
              .get(20, TimeUnit.SECONDS);
    }

    /** Sockets closed so far, by close code (-2: error). */
    Map<Integer, Integer> closedByCode() {
      Map<Integer, Integer> codes = new TreeMap<>();
      for (Subscriber s : subscribers) {
        Integer code = s.closed.getNow(null);
        if (code != null) {
          codes.merge(code, 1, Integer::sum);
        }
      }
      return codes;
    }

    @Override
    public void close() {
      for (Subscriber s : subscribers) {
        if (s.socket != null && !s.socket.isOutputClosed()) {
          s.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      for (Subscriber s : subscribers) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            s.closed.get(left, TimeUnit.NANOSECONDS);
          }
        } catch (Exception e) {
          // aborted below
        }
        if (s.socket != null) {
          s.socket.abort();
        }
      }
      executors.forEach(ExecutorService::shutdownNow);
    }
  }

  /** The samples and counts of one push phase (one per sender thread, merged afterwards). */
  private static final class EventStats {
    final Latencies afterResponse = new Latencies();
    final Latencies afterRequestStart = new Latencies();
    final Latencies upload = new Latencies();
    final Latencies allSockets = new Latencies();
    long uploads;
    long failedUploads;
    long measuredEvents;
    long beforeResponse;
    long missingMeasured;
    long deliveredAll;
    long expectedAll;
    long incompleteUploads;
    long wrongBytes;
    String firstError;

    void add(EventStats o) {
      uploads += o.uploads;
      failedUploads += o.failedUploads;
      measuredEvents += o.measuredEvents;
      beforeResponse += o.beforeResponse;
      missingMeasured += o.missingMeasured;
      deliveredAll += o.deliveredAll;
      expectedAll += o.expectedAll;
      incompleteUploads += o.incompleteUploads;
      wrongBytes += o.wrongBytes;
      if (firstError == null) {
        firstError = o.firstError;
      }
    }
  }

  /** One sending thread: its HTTP client and fresh blobs. */
  private final class Sender {
    final RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    final SplittableRandom random = new SplittableRandom(seeds.getAndAdd(0x9E3779B97F4A7C15L));
    final MessageDigest sha256 = FreshBlobs.sha256();
    final byte[] blob = new byte[options.size];
    final byte[] received = new byte[options.size + 1];

    /** A new random blob in {@link #blob}; returns its hash. */
    String next() {
      random.nextBytes(blob);
      return HEX.formatHex(sha256.digest(blob));
    }

    /** Downloads (and so frees) a stored blob; false if the bytes are wrong. */
    boolean fetch(String hash, EventStats stats) throws IOException, InterruptedException {
      RelayClient.Reply down = client.download(hash, received);
      if (!down.ok()) {
        if (stats != null && stats.firstError == null) {
          stats.firstError = "download: " + down;
        }
        return true;
      }
      return down.length() == blob.length
          && Arrays.equals(received, 0, blob.length, blob, 0, blob.length);
    }
  }

  private void push(int sockets) throws Exception {
    int measured = Math.max(1, Math.min(options.measured, sockets));
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== push: %,d connected socket(s) of one account, %d measured ==%n",
        sockets,
        measured);
    System.out.println(
        "(event after response < 0: the event reached the socket before the upload's HTTP response"
            + " reached the sender)");
    pending.clear();
    strayEvents.set(0);
    otherMessages.set(0);
    subscribedMessages.set(0);
    Map<String, Double> metricsBefore = scrape();
    try (Fleet fleet = new Fleet(sockets, measured)) {
      long t0 = System.nanoTime();
      fleet.connect();
      System.out.printf(
          Locale.ROOT,
          "connected %,d sockets in %.1f s (ticket + upgrade each, %d at a time; %d waits of 20 ms"
              + " for a ticket: too many unredeemed)%n",
          sockets,
          (System.nanoTime() - t0) / 1e9,
          CONNECTORS,
          fleet.ticketWaits.get());
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
          subscribedMessages.get() < sockets && System.nanoTime() < until; ) {
        Thread.sleep(20);
      }
      System.out.printf(
          Locale.ROOT,
          "\"subscribed\" greetings received: %,d of %,d (a relay without the greeting sends none)%n",
          subscribedMessages.get(),
          sockets);
      if (!probe(sockets, measured)) {
        return;
      }
      Sender warm = new Sender();
      EventStats ignored = new EventStats();
      for (int i = 0; i < options.warmup; i++) {
        upload(warm, sockets, measured, ignored);
      }
      ok &= ignored.wrongBytes == 0;
      if (options.uploads > 0) {
        phase(
            String.format(Locale.ROOT, "%,d sockets, sequential (1 sender)", sockets),
            sockets,
            measured,
            1,
            options.uploads);
      }
      if (options.senders > 0 && options.concurrentUploads > 0) {
        phase(
            String.format(
                Locale.ROOT, "%,d sockets, %d concurrent senders", sockets, options.senders),
            sockets,
            measured,
            options.senders,
            options.concurrentUploads);
      }
      Map<Integer, Integer> closed = fleet.closedByCode();
      System.out.printf(
          Locale.ROOT,
          "sockets closed by the relay during the run: %s; stray events (late or unknown) %d;"
              + " other messages %d%n",
          closed.isEmpty() ? "none" : closed.toString(),
          strayEvents.get(),
          otherMessages.get());
      Map<String, Double> metricsAfter = scrape();
      if (metricsBefore != null && metricsAfter != null) {
        System.out.printf(
            Locale.ROOT,
            "relay /metrics: paramant_sockets_open %.0f; paramant_events_pushed_total +%.0f%n",
            metricsAfter.getOrDefault("paramant_sockets_open", -1.0),
            delta(metricsBefore, metricsAfter, "paramant_events_pushed_total"));
      }
    }
  }

  /** Uploads until every socket has the event (the relay adds a socket after the upgrade). */
  private boolean probe(int sockets, int measured) throws Exception {
    Sender sender = new Sender();
    for (int attempt = 1; attempt <= 10; attempt++) {
      EventStats stats = new EventStats();
      upload(sender, sockets, measured, stats, Duration.ofSeconds(2));
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

  /** One upload, the wait for its events at every socket, and the download that frees it. */
  private void upload(Sender sender, int sockets, int measured, EventStats stats)
      throws IOException, InterruptedException {
    upload(sender, sockets, measured, stats, EVENT_WAIT);
  }

  private void upload(Sender sender, int sockets, int measured, EventStats stats, Duration wait)
      throws IOException, InterruptedException {
    String hash = sender.next();
    Pending p = new Pending(measured, sockets);
    pending.put(hash, p);
    try {
      long t0 = System.nanoTime();
      RelayClient.Reply up = sender.client.uploadBinary(hash, sender.blob);
      long t1 = System.nanoTime();
      if (!up.ok()) {
        stats.failedUploads++;
        if (stats.firstError == null) {
          stats.firstError = "upload: " + up;
        }
        if (up.status() == 503) {
          Thread.sleep(200);
        }
        return;
      }
      boolean all = p.all.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      stats.uploads++;
      stats.upload.record(t1 - t0);
      for (int m = 0; m < measured; m++) {
        long at = p.measuredAt.get(m);
        if (at == Long.MIN_VALUE) {
          stats.missingMeasured++;
          continue;
        }
        stats.measuredEvents++;
        stats.afterResponse.record(at - t1);
        stats.afterRequestStart.record(at - t0);
        if (at < t1) {
          stats.beforeResponse++;
        }
      }
      int got = Math.min(p.received.get(), sockets);
      stats.deliveredAll += got;
      stats.expectedAll += sockets;
      if (all) {
        stats.allSockets.record(p.lastAt.get() - t1);
      } else {
        stats.incompleteUploads++;
        if (stats.firstError == null) {
          stats.firstError =
              got + " of " + sockets + " sockets had the event after " + wait.toMillis() + " ms";
        }
      }
    } finally {
      pending.remove(hash);
    }
    if (!sender.fetch(hash, stats)) {
      stats.wrongBytes++;
    }
  }

  private void phase(String name, int sockets, int measured, int senders, int uploads)
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
      Sender sender = new Sender();
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < share; i++) {
                    upload(sender, sockets, measured, stats);
                  }
                } catch (IOException e) {
                  if (stats.firstError == null) {
                    stats.firstError = e.toString();
                  }
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
        printTable(
            "",
            List.of(
                Map.entry("event after response", merged(parts, s -> s.afterResponse)),
                Map.entry("event after request start", merged(parts, s -> s.afterRequestStart)),
                Map.entry("upload request", merged(parts, s -> s.upload)),
                Map.entry("all sockets after response", merged(parts, s -> s.allSockets))));
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
    ok &= all.wrongBytes == 0;
    if (sockets >= 1000 && afterResponse.count() > 0) {
      target(
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

  // ================================================================ webhooks

  /** One downloaded blob whose deliveries are awaited. */
  private static final class Hook {
    final int expected;
    final AtomicLong downloadedAt = new AtomicLong(Long.MIN_VALUE);
    final AtomicLongArray arrivals;
    final AtomicInteger count = new AtomicInteger();
    final CountDownLatch latch;

    Hook(int expected) {
      this.expected = expected;
      this.arrivals = new AtomicLongArray(expected);
      for (int i = 0; i < expected; i++) {
        arrivals.set(i, Long.MIN_VALUE);
      }
      this.latch = new CountDownLatch(expected);
    }
  }

  private void delivered(String hash, String path, long at) {
    Hook hook = hooks.get(hash);
    if (hook == null) {
      strayDeliveries.incrementAndGet();
      return;
    }
    int i = hook.count.getAndIncrement();
    if (i < hook.expected) {
      hook.arrivals.set(i, at);
      hook.latch.countDown();
    } else {
      duplicateDeliveries.incrementAndGet();
    }
  }

  private void webhooks() throws Exception {
    try (WebhookSink sink =
        new WebhookSink(
            options.key, options.receiverThreads, options.receiverDelayMs, this::delivered)) {
      sinkUrl = sink.url("/hash");
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "== webhooks: receiver %s (JDK HttpServer, %d threads, answers after %d ms),"
              + " blob_retrieved on download ==%n",
          sink.url("/"),
          options.receiverThreads,
          options.receiverDelayMs);
      for (String mode : options.hookModes) {
        if (mode.equals("device")) {
          for (int r : options.hooksPerDevice) {
            hookRun(sink, mode, r);
          }
        } else {
          hookRun(sink, mode, 1);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "receiver: %,d requests; bad signatures %d; malformed %d; duplicates %d; stray %d%n",
          sink.requests(),
          sink.badSignatures(),
          sink.malformed(),
          duplicateDeliveries.get(),
          strayDeliveries.get());
      if (sink.firstProblem() != null) {
        System.out.println("first receiver problem: " + sink.firstProblem());
      }
      ok &= sink.badSignatures() == 0 && sink.malformed() == 0;
    }
  }

  /** Device mode with {@code perBlob} registrations, or hash mode ({@code perBlob} = 1). */
  private void hookRun(WebhookSink sink, String mode, int perBlob) throws Exception {
    boolean device = mode.equals("device");
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
    Map<String, Double> metricsBefore = scrape();
    HookWorker warm = new HookWorker(mode, deviceId, perBlob);
    for (int i = 0; i < Math.min(20, options.hookSamples); i++) {
      Hook h = warm.roundTrip();
      if (h != null) {
        h.latch.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    warm.forget();

    // latency: one blob at a time
    if (options.hookSamples > 0) {
      HookWorker one = new HookWorker(mode, deviceId, perBlob);
      CpuAccount.Snapshot from = cpu.snapshot();
      for (int i = 0; i < options.hookSamples; i++) {
        Hook h = one.roundTrip();
        if (h != null) {
          h.latch.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      CpuAccount.Snapshot to = cpu.snapshot();
      System.out.printf(
          Locale.ROOT,
          "latency phase: %d sequential downloads, each waits for its deliveries%n",
          options.hookSamples);
      reportHooks(one.hooks, one, Long.MIN_VALUE, Long.MAX_VALUE, from, to);
      one.forget();
    }

    // throughput: workers loop for the window without waiting for deliveries
    if (options.hookSeconds > 0 && options.hookWorkers > 0) {
      List<HookWorker> workers = new ArrayList<>();
      for (int w = 0; w < options.hookWorkers; w++) {
        workers.add(new HookWorker(mode, deviceId, perBlob));
      }
      long start = System.nanoTime();
      long stopAt = start + TimeUnit.SECONDS.toNanos(options.hookSeconds);
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
      for (HookWorker w : workers) {
        for (Hook h : w.hooks) {
          long left = drainDeadline - System.nanoTime();
          if (left > 0) {
            h.latch.await(left, TimeUnit.NANOSECONDS);
          }
        }
      }
      HookWorker all = new HookWorker(mode, deviceId, perBlob);
      List<Hook> hooksOfWindow = new ArrayList<>();
      List<Latencies> downloadTimes = new ArrayList<>();
      for (HookWorker w : workers) {
        hooksOfWindow.addAll(w.hooks);
        downloadTimes.add(w.downloadTime);
        all.downloads += w.downloads;
        all.failures += w.failures;
        all.wrongBytes += w.wrongBytes;
        if (all.firstError == null) {
          all.firstError = w.firstError;
        }
      }
      all.downloadTime = Latencies.merge(downloadTimes);
      double window = (windowEnd - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "throughput phase: %d workers for %.1f s: %,d downloads (%.1f /s)%n",
          workers.size(),
          window,
          all.downloads,
          all.downloads / window);
      reportHooks(hooksOfWindow, all, start, windowEnd, from, to);
      workers.forEach(HookWorker::forget);
    }
    Map<String, Double> metricsAfter = scrape();
    if (metricsBefore != null && metricsAfter != null) {
      System.out.printf(
          Locale.ROOT,
          "relay /metrics paramant_webhook_deliveries_total over this run (warm-up included):"
              + " delivered +%.0f, failed +%.0f, refused +%.0f%n",
          delta(
              metricsBefore, metricsAfter, "paramant_webhook_deliveries_total{outcome=delivered}"),
          delta(metricsBefore, metricsAfter, "paramant_webhook_deliveries_total{outcome=failed}"),
          delta(metricsBefore, metricsAfter, "paramant_webhook_deliveries_total{outcome=refused}"));
    }
  }

  private void reportHooks(
      List<Hook> list,
      HookWorker counts,
      long windowStart,
      long windowEnd,
      CpuAccount.Snapshot from,
      CpuAccount.Snapshot to) {
    Latencies latency = new Latencies();
    long expected = 0;
    long arrived = 0;
    long inWindow = 0;
    long beforeDownload = 0;
    long lastArrival = Long.MIN_VALUE;
    for (Hook h : list) {
      long done = h.downloadedAt.get();
      if (done == Long.MIN_VALUE) {
        continue;
      }
      expected += h.expected;
      int n = Math.min(h.count.get(), h.expected);
      for (int i = 0; i < n; i++) {
        long at = h.arrivals.get(i);
        if (at == Long.MIN_VALUE) {
          continue; // counted but not yet written (it is arriving right now)
        }
        arrived++;
        latency.record(at - done);
        beforeDownload += at < done ? 1 : 0;
        inWindow += at >= windowStart && at <= windowEnd ? 1 : 0;
        lastArrival = Math.max(lastArrival, at);
      }
    }
    printTable(
        "",
        List.of(
            Map.entry("delivery after download", latency),
            Map.entry("download request", counts.downloadTime)));
    System.out.printf(
        Locale.ROOT,
        "deliveries: %,d of %,d expected (%,d missing after waiting; %.1f%% arrived before the"
            + " download response); failed round trips %d; wrong bytes %d%n",
        arrived,
        expected,
        expected - arrived,
        arrived == 0 ? 0.0 : 100.0 * beforeDownload / arrived,
        counts.failures,
        counts.wrongBytes);
    if (windowStart != Long.MIN_VALUE && arrived > 0) {
      double window = (windowEnd - windowStart) / 1e9;
      double toLast = (Math.max(lastArrival, windowStart + 1) - windowStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "deliveries/s: %.1f within the window (%,d in %.1f s); %.1f counting all of them"
              + " (%,d by the last arrival, %.2f s after the window)%n",
          inWindow / window,
          inWindow,
          window,
          arrived / toLast,
          arrived,
          Math.max(0, lastArrival - windowEnd) / 1e9);
    }
    if (expected > arrived) {
      System.out.printf(
          Locale.ROOT,
          "WARNING: %,d deliveries never arrived (waited up to %d s after the last download);"
              + " compare the relay's failed counter below%n",
          expected - arrived,
          windowStart == Long.MIN_VALUE ? HOOK_WAIT.toSeconds() : 20);
    }
    if (counts.firstError != null) {
      System.out.println("first error: " + counts.firstError);
    }
    System.out.println(
        CpuAccount.report(from, to, Math.max(arrived, 1)).replace("round trip", "delivery"));
    ok &= counts.wrongBytes == 0;
  }

  /** Uploads, (registers,) downloads; one per thread. */
  private final class HookWorker {
    final String mode;
    final String device;
    final int perBlob;
    final Sender sender = new Sender();
    final List<Hook> hooks = new ArrayList<>();
    Latencies downloadTime = new Latencies();
    final List<String> hashes = new ArrayList<>();
    long downloads;
    long failures;
    long wrongBytes;
    String firstError;

    HookWorker(String mode, String device, int perBlob) {
      this.mode = mode;
      this.device = device;
      this.perBlob = perBlob;
    }

    /** One blob through the relay; the hook whose deliveries are awaited, or null on failure. */
    Hook roundTrip() throws IOException, InterruptedException {
      String hash = sender.next();
      Hook hook = new Hook(perBlob);
      RelayClient.Reply up = sender.client.uploadBinary(hash, sender.blob, device);
      if (!up.ok()) {
        error("upload: " + up);
        if (up.status() == 503) {
          Thread.sleep(200);
        }
        return null;
      }
      if (device == null) {
        HttpResponse<String> r =
            sender.client.postJson(
                "/v2/webhook", "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + sinkUrl + "\"}");
        if (r.statusCode() != 200) {
          error("registration: HTTP " + r.statusCode() + " " + r.body());
          sender.fetch(hash, null);
          return null;
        }
      }
      hooks.add(hook);
      hashes.add(hash);
      PushBenchmark.this.hooks.put(hash, hook);
      long t0 = System.nanoTime();
      RelayClient.Reply down = sender.client.download(hash, sender.received);
      long t1 = System.nanoTime();
      if (!down.ok()) {
        error("download: " + down);
        return null;
      }
      hook.downloadedAt.set(t1);
      downloadTime.record(t1 - t0);
      downloads++;
      if (down.length() != sender.blob.length
          || !Arrays.equals(
              sender.received, 0, sender.blob.length, sender.blob, 0, sender.blob.length)) {
        wrongBytes++;
      }
      return hook;
    }

    void error(String what) {
      failures++;
      if (firstError == null) {
        firstError = what;
      }
    }

    void forget() {
      hashes.forEach(PushBenchmark.this.hooks::remove);
    }
  }

  // ================================================================ output and helpers

  private interface Pick {
    Latencies of(EventStats stats);
  }

  private static Latencies merged(List<EventStats> parts, Pick pick) {
    List<Latencies> list = new ArrayList<>();
    for (EventStats s : parts) {
      list.add(pick.of(s));
    }
    return Latencies.merge(list);
  }

  /** Prints the rows; returns the summary of the first. */
  private static Latencies.Summary printTable(
      String indent, List<Map.Entry<String, Latencies>> rows) {
    System.out.printf(
        Locale.ROOT,
        "%s  %-28s %7s %8s %8s %8s %8s %8s %8s%n",
        indent,
        "ms",
        "count",
        "p50",
        "p95",
        "p99",
        "min",
        "max",
        "mean");
    Latencies.Summary first = null;
    for (Map.Entry<String, Latencies> row : rows) {
      Latencies.Summary s = row.getValue().summary();
      if (first == null) {
        first = s;
      }
      System.out.printf(
          Locale.ROOT,
          "%s  %-28s %7d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f%n",
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
    return first;
  }

  private void target(String what, String measured, boolean met) {
    targetLines.add(
        String.format(Locale.ROOT, "  %-52s %-38s %s", what, measured, met ? "MET" : "MISSED"));
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^(paramant_[a-z_]+)(?:\\{([^}]*)})?\\s+(\\S+)$", Pattern.MULTILINE);
  private static final Pattern OUTCOME = Pattern.compile("outcome=\"([a-z]+)\"");

  /**
   * A few of the relay's application metrics (with {@code --admin-token}): {@code
   * paramant_sockets_open}, {@code paramant_events_pushed_total} and {@code
   * paramant_webhook_deliveries_total{outcome=...}}; null without a token or on failure.
   */
  private Map<String, Double> scrape() {
    if (options.adminToken == null) {
      return null;
    }
    try {
      String basic =
          Base64.getEncoder()
              .encodeToString(("admin:" + options.adminToken).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r =
          new RelayClient(options.relay, options.key, options.ttlMs)
              .getText("/metrics?scope=application", "Authorization", "Basic " + basic);
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

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }

  // ================================================================ options

  /** Command-line options. */
  static final class Options {
    static final String USAGE =
        "usage: PushBenchmark --relay URL --key KEY [--part push|webhook|both] [--pid PID]\n"
            + "         [--admin-token T] [--size B] [--ttl-ms MS]\n"
            + "         [--sockets 1,1000] [--measured M] [--uploads N] [--senders C]\n"
            + "         [--concurrent-uploads N] [--warmup N]\n"
            + "         [--hook-modes hash,device] [--hooks-per-device 1,10] [--hook-samples N]\n"
            + "         [--hook-workers K] [--hook-seconds S] [--receiver-threads T]\n"
            + "         [--receiver-delay-ms D]\n"
            + "  KEY and T may come from PARAMANT_KEY and PARAMANT_ADMIN_TOKEN instead.";

    URI relay = URI.create("http://127.0.0.1:3000");
    String key = System.getenv("PARAMANT_KEY");
    String part = "both";
    Long pid;
    String adminToken = System.getenv("PARAMANT_ADMIN_TOKEN");
    int size = 1024;
    long ttlMs = 600_000;
    int[] sockets = {1, 1000};
    int measured = 4;
    int uploads = 500;
    int senders = 4;
    int concurrentUploads = 1000;
    int warmup = 50;
    List<String> hookModes = List.of("hash", "device");
    int[] hooksPerDevice = {1, 10};
    int hookSamples = 200;
    int hookWorkers = 4;
    int hookSeconds = 20;
    int receiverThreads = 4;
    int receiverDelayMs = 0;

    /** Null when help was asked for. */
    static Options parse(String[] args) {
      Options o = new Options();
      Map<String, String> seen = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          return null;
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
          case "--part" -> {
            if (!List.of("push", "webhook", "both").contains(value)) {
              throw new IllegalArgumentException("--part must be push, webhook or both");
            }
            o.part = value;
          }
          case "--pid" -> o.pid = (long) whole(arg, value, 1);
          case "--admin-token" -> o.adminToken = value;
          case "--size" -> o.size = whole(arg, value, 1);
          case "--ttl-ms" -> o.ttlMs = whole(arg, value, 1);
          case "--sockets" -> o.sockets = list(arg, value, 1);
          case "--measured" -> o.measured = whole(arg, value, 1);
          case "--uploads" -> o.uploads = whole(arg, value, 0);
          case "--senders" -> o.senders = whole(arg, value, 0);
          case "--concurrent-uploads" -> o.concurrentUploads = whole(arg, value, 0);
          case "--warmup" -> o.warmup = whole(arg, value, 0);
          case "--hook-modes" -> {
            List<String> modes = List.of(value.split(","));
            if (modes.isEmpty() || !List.of("device", "hash").containsAll(modes)) {
              throw new IllegalArgumentException(
                  "--hook-modes takes hash, device or both, e.g. hash,device");
            }
            o.hookModes = modes;
          }
          case "--hooks-per-device" -> o.hooksPerDevice = list(arg, value, 1);
          case "--hook-samples" -> o.hookSamples = whole(arg, value, 0);
          case "--hook-workers" -> o.hookWorkers = whole(arg, value, 0);
          case "--hook-seconds" -> o.hookSeconds = whole(arg, value, 0);
          case "--receiver-threads" -> o.receiverThreads = whole(arg, value, 1);
          case "--receiver-delay-ms" -> o.receiverDelayMs = whole(arg, value, 0);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (o.key == null || o.key.isBlank()) {
        throw new IllegalArgumentException("--key (or PARAMANT_KEY) is required");
      }
      if (o.adminToken != null && o.adminToken.isBlank()) {
        o.adminToken = null;
      }
      for (int r : o.hooksPerDevice) {
        if (r > 90) {
          throw new IllegalArgumentException(
              "--hooks-per-device: at most 90 (an account holds at most 100 registrations)");
        }
      }
      return o;
    }

    private static int whole(String name, String value, int min) {
      try {
        int n = Integer.parseInt(value);
        if (n < min) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + " must be a whole number >= " + min + ", was " + value);
      }
    }

    private static int[] list(String name, String value, int min) {
      String[] parts = value.split(",");
      int[] out = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        out[i] = whole(name, parts[i].trim(), min);
      }
      return out;
    }
  }
}
