package io.paramant.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The network between a client and the real relay, in the test's hands: an HTTP server on loopback
 * that forwards every request (method, body, the API's headers) to the relay and its answer back,
 * and on request holds one route (the client waits, the relay never hears of it) or rewrites the
 * JSON answers of another. Unlike {@link TamperingProxy} it forwards keyed and binary requests, so
 * a whole transfer can run through it.
 */
final class RelayProxy implements AutoCloseable {

  private static final List<String> REQUEST_HEADERS =
      List.of(
          "X-Api-Key",
          "Content-Type",
          "Accept",
          "X-Paramant-Hash",
          "X-Paramant-Ttl-Ms",
          "X-Paramant-Device");

  private final URI relay;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, UnaryOperator<JsonObject>> edits = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);
  private volatile String holdPath;

  private RelayProxy(URI relay) {
    this.relay = relay;
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  static RelayProxy inFrontOf(URI relay) {
    return new RelayProxy(relay);
  }

  /** The proxy's base URL, to give to a client instead of the relay's. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /**
   * From now on the first request for {@code path} is held: never forwarded, never answered, until
   * the proxy closes.
   */
  void hold(String path) {
    holdPath = path;
  }

  /** Waits until a request for the held path arrived. */
  boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** From now on 200 answers to paths starting with {@code prefix} reach the client as edited. */
  void edit(String prefix, UnaryOperator<JsonObject> edit) {
    edits.put(prefix, edit);
  }

  /** Every request so far, as {@code METHOD path}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      if (path.equals(holdPath)) {
        holdPath = null;
        held.countDown();
        released.await();
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(relay.resolve(exchange.getRequestURI().toString()))
              .timeout(Duration.ofMinutes(2))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : REQUEST_HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> answer =
          Deployment.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] answerBody = answer.body();
      for (Map.Entry<String, UnaryOperator<JsonObject>> edit : edits.entrySet()) {
        if (answer.statusCode() == 200 && path.startsWith(edit.getKey())) {
          JsonObject json = Json.createReader(new ByteArrayInputStream(answerBody)).readObject();
          answerBody = edit.getValue().apply(json).toString().getBytes(StandardCharsets.UTF_8);
        }
      }
      answer
          .headers()
          .firstValue("Content-Type")
          .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
      answer
          .headers()
          .firstValue("Retry-After")
          .ifPresent(after -> exchange.getResponseHeaders().set("Retry-After", after));
      exchange.sendResponseHeaders(
          answer.statusCode(), answerBody.length == 0 ? -1 : answerBody.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answerBody);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
