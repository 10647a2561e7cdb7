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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A relay as an attacker in the middle (or a dishonest operator) shows it: an HTTP server on
 * loopback that forwards GET requests to the real relay and can rewrite the JSON of chosen answers.
 * It records the relay's genuine answer of every path, so that an old one can be replayed.
 */
final class TamperingProxy implements AutoCloseable {

  private final URI relay;
  private final HttpServer server;
  private final Map<String, UnaryOperator<JsonObject>> edits = new ConcurrentHashMap<>();
  private final Map<String, byte[]> genuine = new ConcurrentHashMap<>();

  private TamperingProxy(URI relay) {
    this.relay = relay;
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::forward);
    server.start();
  }

  /**
   * Starts a proxy in front of the relay at {@code relay}; it forwards faithfully until told
   * otherwise.
   */
  static TamperingProxy inFrontOf(URI relay) {
    return new TamperingProxy(relay);
  }

  /** The proxy's base URL, to give to a client instead of the relay's. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** From now on, 200 answers to {@code path} reach the client as {@code edit} rewrites them. */
  void edit(String path, UnaryOperator<JsonObject> edit) {
    edits.put(path, edit);
  }

  /** The relay's genuine answer to the last request for {@code path}. */
  JsonObject lastGenuineAnswer(String path) {
    byte[] body = genuine.get(path);
    if (body == null) {
      throw new IllegalStateException("nothing was asked for " + path + " yet");
    }
    return parse(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      HttpResponse<byte[]> answer =
          Deployment.http()
              .send(
                  HttpRequest.newBuilder(relay.resolve(exchange.getRequestURI().toString()))
                      .timeout(Duration.ofSeconds(30))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      byte[] body = answer.body();
      genuine.put(path, body);
      UnaryOperator<JsonObject> edit = edits.get(path);
      if (answer.statusCode() == 200 && edit != null) {
        body = edit.apply(parse(body)).toString().getBytes(StandardCharsets.UTF_8);
      }
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              answer.headers().firstValue("Content-Type").orElse("application/json"));
      exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code json} with {@code name} set to {@code value}. */
  static JsonObject with(JsonObject json, String name, String value) {
    return Json.createObjectBuilder(json).add(name, value).build();
  }

  private static JsonObject parse(byte[] body) {
    return Json.createReader(new ByteArrayInputStream(body)).readObject();
  }
}
