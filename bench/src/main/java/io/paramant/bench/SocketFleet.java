package io.paramant.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The {@code /v2/stream} sockets of one {@link PushBenchmark} run (or of a {@link SoakBenchmark}),
 * all of the account of {@code --key} and naming no device, so that every socket receives every
 * {@code blob_ready}. The first {@code measured} sockets run on an HTTP client of their own (so
 * that their frames are not read behind those of a thousand others); the others are spread over
 * clients of at most {@value #SOCKETS_PER_CLIENT} sockets each. An event is stamped with {@link
 * System#nanoTime()} when the socket's listener receives its text.
 */
final class SocketFleet implements AutoCloseable {

  private static final int SOCKETS_PER_CLIENT = 250;
  static final int CONNECTORS = 8;
  private static final String HASH_FIELD = "\"hash\":\"";
  private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

  /** One upload whose events are awaited. Arrival times are written by the sockets' threads. */
  static final class Pending {
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

    /** Sockets that have the event so far (at most all of them). */
    int received() {
      return Math.min(received.get(), sockets);
    }

    /** The connected sockets when the event was awaited: each should receive it once. */
    int sockets() {
      return sockets;
    }
  }

  private final BenchOptions options;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  private final List<HttpClient> clients = new ArrayList<>();
  private final int measured;

  // blobs whose events are awaited, by hash
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  final AtomicInteger ticketWaits = new AtomicInteger();
  final AtomicLong strayEvents = new AtomicLong();
  final AtomicLong otherMessages = new AtomicLong();
  final AtomicLong subscribedMessages = new AtomicLong();

  SocketFleet(BenchOptions options, int sockets, int measured) {
    this.options = options;
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

  /**
   * One upload (timed from just before the request, t0, to the response, t1), the wait (at most
   * {@code wait}) for its event at every socket, and the download that frees the blob (not timed).
   */
  void upload(BlobSender sender, EventStats stats, Duration wait)
      throws IOException, InterruptedException {
    int sockets = subscribers.size();
    String hash = sender.next();
    Pending p = expect(hash);
    try {
      long t0 = System.nanoTime();
      RelayClient.Reply up = sender.client.uploadBinary(hash, sender.blob);
      long t1 = System.nanoTime();
      if (!up.ok()) {
        stats.failedUploads++;
        stats.error("upload: " + up);
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
        stats.error(
            got + " of " + sockets + " sockets had the event after " + wait.toMillis() + " ms");
      }
    } finally {
      forget(hash);
    }
    if (!sender.fetch(hash, stats::error)) {
      stats.wrongBytes++;
    }
  }

  /**
   * Awaits the events of the blob {@code hash} at every socket until {@link #forget}; call before
   * the upload. An event for a hash not awaited counts as stray.
   */
  Pending expect(String hash) {
    Pending p = new Pending(measured, subscribers.size());
    pending.put(hash, p);
    return p;
  }

  void forget(String hash) {
    pending.remove(hash);
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

  /** One {@code /v2/stream} socket. */
  private final class Subscriber implements WebSocket.Listener {
    final int measuredIndex;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;

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
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-2);
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

  private HttpClient clientOf(int index) {
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
