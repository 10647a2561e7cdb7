package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.internal.relay.Bodies;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A relay's log as its public routes ({@code GET /v2/ct/...}, no key) show it. Answers are read
 * strictly ({@link StrictJson}) and turned into the log's own types; nothing is verified here (that
 * is {@link LogAudit}). Thread-safe.
 *
 * <p>Requests go through the SDK's one HTTP layer ({@link RelayHttp}), so they are retried like
 * every call to the relay's API: a 503 while a sender checks a device's keys is waited out, not a
 * failed send. Failures: no answer after the retries, or an HTTP error status, is a {@link
 * RelayRequestException}; an answer that breaks the documented shape, or is larger than any answer
 * of these routes can be (1 MiB), is a {@link LogVerificationException} {@code MALFORMED_RESPONSE}.
 */
public final class RemoteLog {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int HASH_LENGTH = 32;

  private final RelayHttp http;

  public RemoteLog(RelayHttp http) {
    this.http = http;
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
    RelayHttp.Answer answer = send(path);
    if (answer.status() == 404 && "not_found".equals(answer.errorCode())) {
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

  /**
   * {@code GET /path}; no answer of these routes comes near the 1 MiB cap of {@link
   * Bodies#bounded()} (a tree head is about 11 kB, a proof at most 126 hashes), which keeps a
   * hostile relay from filling the client's memory.
   */
  private RelayHttp.Answer send(String path) {
    return http.exchange(
        "GET /" + path,
        () -> http.request(path, REQUEST_TIMEOUT, "application/json").GET().build(),
        Bodies::bounded);
  }

  /** The body of a 200 answer, read by {@code reader}; anything else is an error. */
  private <T> T read(String path, RelayHttp.Answer answer, Function<JsonObject, T> reader) {
    if (answer.status() != 200) {
      throw http.refused("GET /" + path, answer);
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

  private static String printable(String text) {
    return RelayHttp.printable(text);
  }
}
