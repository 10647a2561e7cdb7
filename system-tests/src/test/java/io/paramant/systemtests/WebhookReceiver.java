package io.paramant.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver for system tests: a JDK HTTP server on 127.0.0.1 that records every
 * request and answers with the statuses it is told (then 200), optionally holding each answer back
 * until {@link #release()}.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String contentType, String signature, byte[] body, long atMs) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether {@code X-Paramant-Sig} is the HMAC-SHA256 of the exact body bytes under the key. */
    boolean signedWith(String apiKey) {
      return hmacHex(apiKey, body).equals(signature);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile int answered;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** {@code http://127.0.0.1:<port><path>} */
  String url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path).toString();
  }

  /** The next requests are answered with these statuses, in order; later ones with 200. */
  synchronized WebhookReceiver answering(int... next) {
    for (int status : next) {
      statuses.add(status);
    }
    return this;
  }

  /** Every later request is held (not answered) until {@link #release()}. */
  WebhookReceiver holding() {
    hold = new CountDownLatch(1);
    return this;
  }

  void release() {
    hold.countDown();
  }

  /** Requests answered so far. */
  int answered() {
    return answered;
  }

  /** The next request received within the timeout; fails the test without one. */
  Received next(long timeoutMs) throws InterruptedException {
    Received next = received.poll(timeoutMs, TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("no webhook request within " + timeoutMs + " ms");
    }
    return next;
  }

  /** The next request received within the timeout, or {@code null}. */
  Received poll(long timeoutMs) throws InterruptedException {
    return received.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("X-Paramant-Sig"),
              body,
              System.currentTimeMillis()));
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int status;
      synchronized (this) {
        status = statuses.isEmpty() ? 200 : statuses.poll();
      }
      exchange.sendResponseHeaders(status, -1);
      answered++;
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }

  static String hmacHex(String apiKey, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
