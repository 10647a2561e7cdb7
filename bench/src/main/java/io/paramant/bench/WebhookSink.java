package io.paramant.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook receiver of {@link WebhookBenchmark}: a JDK {@link HttpServer} on 127.0.0.1 (a free
 * port) that answers every request with 200 (no body), at once or after a fixed delay (a slow
 * receiver: its handler thread is held that long), stamps its arrival ({@link System#nanoTime()}
 * when the handler starts, i.e. once the request line and headers have been parsed), and then
 * checks it: {@code POST}, a {@code blob_retrieved} body and an {@code X-Paramant-Sig} that is the
 * lowercase hex HMAC-SHA256 of the exact body bytes keyed with the API key. What a valid request
 * names is handed to the {@link Listener}.
 */
final class WebhookSink implements AutoCloseable {

  /** What the benchmark is told about each valid delivery. */
  interface Listener {
    /** A valid, correctly signed {@code blob_retrieved} for {@code hash} arrived at {@code at}. */
    void delivered(String hash, String path, long at);
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final String PREFIX = "{\"event\":\"blob_retrieved\",\"hash\":\"";

  private final HttpServer server;
  private final ExecutorService threads;
  private final long delayMs;
  private final byte[] key;
  private final Listener listener;
  private final ThreadLocal<Mac> macs;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private volatile String firstProblem;

  /**
   * @param apiKey the key the webhooks were registered with (the HMAC key)
   * @param threads handler threads
   * @param delayMs how long each request is held before it is answered
   */
  WebhookSink(String apiKey, int threads, long delayMs, Listener listener) throws IOException {
    this.delayMs = delayMs;
    this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    this.listener = listener;
    this.macs = ThreadLocal.withInitial(this::newMac);
    this.threads =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "webhook-sink");
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext("/", this::handle);
    server.setExecutor(this.threads);
    server.start();
  }

  /** {@code http://127.0.0.1:<port><path>} */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  long requests() {
    return requests.get();
  }

  long badSignatures() {
    return badSignatures.get();
  }

  long malformed() {
    return malformed.get();
  }

  String firstProblem() {
    return firstProblem;
  }

  private void handle(HttpExchange exchange) throws IOException {
    long at = System.nanoTime();
    requests.incrementAndGet();
    byte[] body;
    String signature;
    String method;
    String path;
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
      signature = exchange.getRequestHeaders().getFirst("X-Paramant-Sig");
      method = exchange.getRequestMethod();
      path = exchange.getRequestURI().getPath();
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(200, -1);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (!method.equals("POST")
        || !text.startsWith(PREFIX)
        || text.length() < PREFIX.length() + 64 + 8
        || !text.startsWith("\",\"ts\":", PREFIX.length() + 64)
        || !text.endsWith("}")) {
      malformed.incrementAndGet();
      problem("unexpected request " + method + " " + path + ": " + shorten(text));
      return;
    }
    if (signature == null || !validSignature(body, signature)) {
      badSignatures.incrementAndGet();
      problem("bad X-Paramant-Sig on " + shorten(text));
      return;
    }
    listener.delivered(text.substring(PREFIX.length(), PREFIX.length() + 64), path, at);
  }

  private boolean validSignature(byte[] body, String signature) {
    byte[] expected = HEX.formatHex(macs.get().doFinal(body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Arrays.copyOf(key, key.length), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
    }
  }

  private void problem(String what) {
    if (firstProblem == null) {
      firstProblem = what;
    }
  }

  private static String shorten(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
