package io.paramant.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A malicious relay for the tests: an HTTP server on loopback in front of the REAL relay of a
 * sector, which it uses for everything it does not lie about. Whatever it tells a client is made of
 * genuine parts wherever the lie allows: keys it registered in the real relay under its own
 * account, leaves, proofs and heads the real relay (or a fork signed with the relay's own identity
 * key, see {@link ForkedLog}) signed. What it cannot make are the things the client checks against
 * outside knowledge: the namespace the admin handed out, the witnesses' signatures, the owner's own
 * keys.
 *
 * <p>Lies are pluggable: {@link #tell(Lie)} adds one; for each request the lies are asked in order
 * and the first answer wins; a request no lie answers is forwarded faithfully (method, body, the
 * API's headers). One instance per test: the lies it tells are that test's.
 */
final class LyingRelay implements AutoCloseable {

  private static final List<String> REQUEST_HEADERS =
      List.of(
          "X-Api-Key",
          "Content-Type",
          "Accept",
          "X-Paramant-Hash",
          "X-Paramant-Ttl-Ms",
          "X-Paramant-Device");

  /** A request as the client sent it to the lying relay. */
  record Request(
      String method, String path, String query, Map<String, String> headers, byte[] body) {

    /** The value of query parameter {@code name}, or null. */
    String parameter(String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return pair.substring(eq + 1);
        }
      }
      return null;
    }

    /** This request, to another path and query (null: none), with another API key (null: same). */
    Request redirected(String newPath, String newQuery, String apiKey) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      if (apiKey != null) {
        h.put("X-Api-Key", apiKey);
      }
      return new Request(method, newPath, newQuery, h, body);
    }
  }

  /** An answer, from the real relay or made up. */
  record Answer(int status, String contentType, byte[] body) {

    static Answer json(JsonObject json) {
      return new Answer(200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    boolean isJsonOk() {
      return status == 200 && contentType != null && contentType.startsWith("application/json");
    }

    JsonObject asJson() {
      return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    /** This answer with its JSON rewritten, if it is a 200 JSON answer; else unchanged. */
    Answer rewritten(UnaryOperator<JsonObject> edit) {
      return isJsonOk() ? json(edit.apply(asJson())) : this;
    }
  }

  /** One lie: the answer to give to {@code request}, or null to leave the request to others. */
  @FunctionalInterface
  interface Lie {
    Answer tell(Request request, LyingRelay relay);
  }

  private final URI relay;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Lie> lies = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, JsonObject> genuine = new ConcurrentHashMap<>();

  private LyingRelay(URI relay) {
    this.relay = relay;
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.start();
  }

  /** A lying relay in front of the real relay at {@code relay}; honest until told a lie. */
  static LyingRelay inFrontOf(URI relay) {
    return new LyingRelay(relay);
  }

  /** The lying relay's base URL, to give to a client instead of the real relay's. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The real relay behind it. */
  URI real() {
    return relay;
  }

  /** From now on also tells {@code lie} (after the lies told before). */
  LyingRelay tell(Lie lie) {
    lies.add(lie);
    return this;
  }

  /** Every request so far, as {@code METHOD path}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * The real relay's genuine answer to the last {@code GET path} this relay forwarded untouched (to
   * replay it later).
   */
  JsonObject genuineAnswer(String path) {
    JsonObject answer = genuine.get(path);
    if (answer == null) {
      throw new IllegalStateException("no genuine answer to GET " + path + " was forwarded yet");
    }
    return answer;
  }

  /** Whether a client uploaded anything through it ({@code POST /v2/inbound}). */
  boolean receivedAnUpload() {
    return requests.stream().anyMatch(r -> r.startsWith("POST /v2/inbound"));
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** Asks the real relay {@code request} and returns its genuine answer. */
  Answer forward(Request request) {
    String target = request.path() + (request.query() == null ? "" : "?" + request.query());
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(relay.resolve(target))
            .timeout(Duration.ofMinutes(2))
            .method(
                request.method(),
                request.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    try {
      HttpResponse<byte[]> answer =
          Deployment.http().send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          answer.statusCode(),
          answer.headers().firstValue("Content-Type").orElse(null),
          answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asks the real relay {@code GET path} (with {@code apiKey} unless null) for its JSON answer. */
  JsonObject get(String pathAndQuery, String apiKey) {
    int q = pathAndQuery.indexOf('?');
    Map<String, String> headers = new LinkedHashMap<>();
    if (apiKey != null) {
      headers.put("X-Api-Key", apiKey);
    }
    Answer answer =
        forward(
            new Request(
                "GET",
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1),
                headers,
                new byte[0]));
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "the real relay answered "
              + answer.status()
              + " to GET "
              + pathAndQuery
              + ": "
              + new String(answer.body(), StandardCharsets.UTF_8));
    }
    return answer.asJson();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      requests.add(exchange.getRequestMethod() + " " + uri.getRawPath());
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : REQUEST_HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          headers.put(name, value);
        }
      }
      Request request =
          new Request(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery(),
              headers,
              exchange.getRequestBody().readAllBytes());
      Answer answer = null;
      for (Lie lie : lies) {
        answer = lie.tell(request, this);
        if (answer != null) {
          break;
        }
      }
      if (answer == null) {
        answer = forward(request);
        if (request.method().equals("GET") && answer.isJsonOk()) {
          genuine.put(request.path(), answer.asJson());
        }
      }
      if (answer.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      }
      exchange.sendResponseHeaders(
          answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (RuntimeException e) {
      // a lie that cannot be told is a broken test, not a relay error: make it visible
      e.printStackTrace();
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // JSON surgery shared by the lies

  /**
   * {@code json} with every tree head object in it (an object with {@code root_hash} and {@code
   * signature}: the answer itself, or any {@code sth} inside it) rewritten by {@code edit}.
   */
  static JsonObject everyHead(JsonObject json, UnaryOperator<JsonObject> edit) {
    return (JsonObject) everyHead((JsonValue) json, edit);
  }

  private static JsonValue everyHead(JsonValue value, UnaryOperator<JsonObject> edit) {
    if (value instanceof JsonObject object) {
      JsonObjectBuilder copy = Json.createObjectBuilder();
      object.forEach((name, member) -> copy.add(name, everyHead(member, edit)));
      JsonObject copied = copy.build();
      return copied.containsKey("root_hash") && copied.containsKey("signature")
          ? edit.apply(copied)
          : copied;
    }
    if (value instanceof JsonArray array) {
      JsonArrayBuilder copy = Json.createArrayBuilder();
      array.forEach(member -> copy.add(everyHead(member, edit)));
      return copy.build();
    }
    return value;
  }

  /** {@code json} with {@code name} set to {@code value}. */
  static JsonObject with(JsonObject json, String name, JsonValue value) {
    return Json.createObjectBuilder(json).add(name, value).build();
  }

  /** {@code json} with {@code name} set to {@code value}. */
  static JsonObject with(JsonObject json, String name, String value) {
    return Json.createObjectBuilder(json).add(name, value).build();
  }
}
