package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A relay's log as its public routes ({@code GET /v2/ct/...}, no key) show it. Answers are read
 * strictly ({@link StrictJson}) and turned into the log's own types; nothing is verified here (that
 * is {@link LogAudit}). Thread-safe.
 *
 * <p>Failures: no answer or an HTTP error status is a {@link RelayRequestException}; an answer that
 * breaks the documented shape, or is larger than any answer of these routes can be, is a {@link
 * LogVerificationException} {@code MALFORMED_RESPONSE}.
 */
public final class RemoteLog {

  /**
   * No answer of these routes comes near this: a tree head is about 11 kB, a proof at most 126
   * hashes. The cap keeps a hostile relay from filling the client's memory.
   */
  private static final int MAX_ANSWER_BYTES = 1 << 20;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int HASH_LENGTH = 32;
  private static final int MAX_DETAIL_LENGTH = 200;

  private final RelayAddress relay;
  private final HttpClient http;

  /** An HTTP answer whose body was read in full. */
  private record Answer(int status, byte[] body) {}

  public RemoteLog(RelayAddress relay, HttpClient http) {
    this.relay = relay;
    this.http = http;
  }

  /**
   * The client the SDK uses when the caller brings none: HTTP/1.1, as the relay speaks it (no h2c
   * upgrade round trip on plain http), no redirects (a relay's routes never redirect, and a
   * redirect would move the requests to another host), 10 s to connect.
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** {@code GET /v2/ct/sth}: the relay's latest signed tree head and the key it serves. */
  public ServedHead treeHead() {
    String path = "v2/ct/sth";
    return read(path, send(path), TreeHeadJson::read);
  }

  /**
   * {@code GET /v2/ct/proof/consistency}: the relay's proof that the tree of {@code first} leaves
   * is a prefix of the tree of {@code second} leaves.
   */
  public ConsistencyProof consistencyProof(long first, long second) {
    String path = "v2/ct/proof/consistency?first=" + first + "&second=" + second;
    return read(path, send(path), json -> consistencyProof(json, first, second));
  }

  /** The answer of {@code GET /v2/ct/proof/consistency?first=&second=}. */
  static ConsistencyProof consistencyProof(JsonObject json, long first, long second) {
    requireEcho(json, "first", first);
    requireEcho(json, "second", second);
    return new ConsistencyProof(first, second, StrictJson.hexArray(json, "proof", HASH_LENGTH));
  }

  /**
   * {@code GET /v2/ct/proof/inclusion?hash=}: the inclusion proof of the latest transfer leaf of
   * the blob in the tree of {@code treeSize} leaves, or empty if the relay says it has no such leaf
   * (404 {@code not_found}).
   *
   * @param blobHash lowercase hex
   */
  public Optional<InclusionProof> inclusionProof(String blobHash, long treeSize) {
    String path = "v2/ct/proof/inclusion?hash=" + blobHash + "&tree_size=" + treeSize;
    Answer answer = send(path);
    if (answer.status() == 404 && "not_found".equals(errorCode(answer))) {
      return Optional.empty();
    }
    return Optional.of(read(path, answer, json -> inclusionProof(json, treeSize)));
  }

  /** The answer of {@code GET /v2/ct/proof/inclusion?hash=&tree_size=}. */
  static InclusionProof inclusionProof(JsonObject json, long treeSize) {
    requireEcho(json, "tree_size", treeSize);
    return new InclusionProof(
        StrictJson.wholeNumber(json, "leaf_index"),
        treeSize,
        StrictJson.hexArray(json, "proof", HASH_LENGTH));
  }

  /** {@code GET /v2/ct/leaves?from=index&to=index+1}: one leaf's fields. */
  public ServedLeaf leaf(long index) {
    String path = "v2/ct/leaves?from=" + index + "&to=" + (index + 1);
    return read(path, send(path), RemoteLog::leaf);
  }

  /** The first leaf of an answer of {@code GET /v2/ct/leaves}. */
  static ServedLeaf leaf(JsonObject json) {
    JsonArray leaves = StrictJson.array(json, "leaves");
    if (leaves.isEmpty() || !(leaves.get(0) instanceof JsonObject leaf)) {
      throw new StrictJson.ShapeException("leaves holds no leaf object");
    }
    LogEntry entry =
        new LogEntry(
            EntryType.ofWireName(StrictJson.string(leaf, "type")),
            StrictJson.string(leaf, "subject"),
            StrictJson.string(leaf, "sector"),
            StrictJson.wholeNumber(leaf, "inserted_at"));
    return new ServedLeaf(
        StrictJson.wholeNumber(leaf, "index"), entry, StrictJson.optionalString(leaf, "blob_hash"));
  }

  private Answer send(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new LogVerificationException(
              MALFORMED_RESPONSE, "GET /" + path + ": the answer is larger than 1 MiB");
        }
        return new Answer(response.statusCode(), bytes);
      }
    } catch (ConnectException e) {
      throw new RelayRequestException("cannot connect to " + relay + " (" + describe(e) + ")", e);
    } catch (HttpTimeoutException e) {
      throw new RelayRequestException(
          "no answer from " + relay + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new RelayRequestException("cannot reach " + relay + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RelayRequestException("interrupted while waiting for " + relay, e);
    }
  }

  /** The body of a 200 answer, read by {@code reader}; anything else is an error. */
  private <T> T read(String path, Answer answer, Function<JsonObject, T> reader) {
    if (answer.status() != 200) {
      String code = errorCode(answer);
      String detail = errorDetail(answer);
      throw new RelayRequestException(
          "GET /"
              + path
              + " on "
              + relay
              + ": HTTP "
              + answer.status()
              + (code == null ? "" : " " + code)
              + (detail == null ? "" : ": " + detail),
          answer.status(),
          code);
    }
    return parse(path, answer.body(), reader);
  }

  /**
   * The body of a 200 answer read by {@code reader}.
   *
   * @throws LogVerificationException {@code MALFORMED_RESPONSE} for anything but the documented
   *     shape
   */
  static <T> T parse(String path, byte[] body, Function<JsonObject, T> reader) {
    try {
      return reader.apply(StrictJson.parse(body));
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, "GET /" + path + ": " + e.getMessage());
    } catch (InvalidEntryException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, "GET /" + path + ": not a log entry: " + printable(e.getMessage()));
    }
  }

  private static void requireEcho(JsonObject json, String name, long expected) {
    if (StrictJson.wholeNumber(json, name) != expected) {
      throw new StrictJson.ShapeException(name + " is not the " + expected + " asked for");
    }
  }

  /** The {@code error} code of the API's error JSON, if the answer is one. */
  private static String errorCode(Answer answer) {
    return errorField(answer, "error");
  }

  private static String errorDetail(Answer answer) {
    return errorField(answer, "detail");
  }

  private static String errorField(Answer answer, String name) {
    try {
      String value = StrictJson.optionalString(StrictJson.parse(answer.body()), name);
      return value == null ? null : printable(value);
    } catch (StrictJson.ShapeException notTheErrorShape) {
      return null;
    }
  }

  /**
   * Relay text on its way to a terminal: control and format characters (escape sequences and
   * bidirectional overrides could change what the user sees) become {@code ?}, and it is cut short.
   */
  private static String printable(String text) {
    String cut =
        text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
    return cut.codePoints()
        .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  /**
   * The JDK's connection errors often have no message, only a type; a protocol error's message may
   * quote what the relay sent.
   */
  private static String describe(IOException e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : printable(e.getMessage());
  }
}
