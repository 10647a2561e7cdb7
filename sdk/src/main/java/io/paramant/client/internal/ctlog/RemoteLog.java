package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.internal.relay.Bodies;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** The most leaves one {@code GET /v2/ct/leaves} gives (the relay's page bound). */
  public static final int MAX_PAGE_LEAVES = 1000;

  /**
   * The most bytes a page of leaves can take: {@value #MAX_PAGE_LEAVES} leaves of at most 8 KiB
   * each (a DID leaf of 1024 characters twice over, as bytes and as subject, and a proof of 63
   * hashes), doubled for the field names and the head.
   */
  static final int LEAF_PAGE_LIMIT = 16 << 20;

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

  /** A tree head as served and its JSON exactly as it came (for a notary receipt). */
  public record HeadDocument(ServedHead served, JsonObject json) {}

  /** {@code GET /v2/ct/sth}, with the answer's JSON kept. */
  public HeadDocument treeHeadDocument() {
    String path = "v2/ct/sth";
    return read(path, send(path), json -> new HeadDocument(TreeHeadJson.read(json), json));
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

  /**
   * {@code GET /v2/ct/leaves?from=index&to=index+1}: one leaf, read from its {@code leaf_bytes}.
   */
  public ServedLeaf leaf(long index) {
    String path = "v2/ct/leaves?from=" + index + "&to=" + (index + 1);
    return read(path, send(path), json -> leaf(json, index));
  }

  /** A leaf and its inclusion path in the tree of {@code treeSize} leaves, as served. */
  public record ProvenLeaf(ServedLeaf leaf, long treeSize, List<byte[]> path) {}

  /**
   * {@code GET /v2/ct/leaves?from=index&to=index+1&tree_size=treeSize}: one leaf, read from its
   * {@code leaf_bytes}, with its {@code inclusion_proof} in the tree of {@code treeSize} leaves
   * (nothing is verified here).
   */
  public ProvenLeaf provenLeaf(long index, long treeSize) {
    String path = "v2/ct/leaves?from=" + index + "&to=" + (index + 1) + "&tree_size=" + treeSize;
    return read(path, send(path), json -> provenLeaf(json, index, treeSize));
  }

  /** The answer of {@code GET /v2/ct/leaves?from=index&to=index+1&tree_size=treeSize}. */
  static ProvenLeaf provenLeaf(JsonObject json, long index, long treeSize) {
    requireEcho(json, "tree_size", treeSize);
    ServedLeaf served = leaf(json, index);
    JsonObject leaf = StrictJson.array(json, "leaves").getJsonObject(0);
    return new ProvenLeaf(
        served, treeSize, StrictJson.hexArray(leaf, "inclusion_proof", HASH_LENGTH));
  }

  /** The leaf {@code index} that an answer of {@code GET /v2/ct/leaves} starts with. */
  static ServedLeaf leaf(JsonObject json, long index) {
    JsonArray leaves = StrictJson.array(json, "leaves");
    if (leaves.isEmpty() || !(leaves.get(0) instanceof JsonObject leaf)) {
      throw new StrictJson.ShapeException("leaves holds no leaf object");
    }
    ServedLeaf served = LeafJson.read(leaf);
    if (served.index() != index) {
      throw new StrictJson.ShapeException("asked for leaf " + index + ", got " + served.index());
    }
    return served;
  }

  /**
   * {@code GET /v2/ct/leaves?from=&to=&tree_size=}: the leaves {@code [from, min(to, treeSize))} of
   * the tree of {@code treeSize} leaves, every one read from its {@code leaf_bytes}, all of them
   * and in order: a page that leaves out, repeats or reorders an index, or whose fields disagree
   * with its bytes, is refused. The inclusion proofs are not asked for ({@code proofs=false}; a
   * relay that sends them anyway is read all the same): a reader of consecutive leaves rebuilds the
   * root from their hashes ({@link io.paramant.ct.merkle.CompactRange}).
   *
   * @throws IllegalArgumentException unless {@code 0 <= from < to <= from + }{@value
   *     #MAX_PAGE_LEAVES} and {@code from < treeSize}
   */
  public List<ServedLeaf> leaves(long from, long to, long treeSize) {
    if (from < 0 || to <= from || to - from > MAX_PAGE_LEAVES || from >= treeSize) {
      throw new IllegalArgumentException(
          "a page is 0 <= from < to <= from + " + MAX_PAGE_LEAVES + " and from < tree_size");
    }
    String path =
        "v2/ct/leaves?from=" + from + "&to=" + to + "&tree_size=" + treeSize + "&proofs=false";
    return read(path, send(path, LEAF_PAGE_LIMIT), json -> leaves(json, from, to, treeSize));
  }

  /** The answer of {@code GET /v2/ct/leaves?from=&to=&tree_size=}. */
  static List<ServedLeaf> leaves(JsonObject json, long from, long to, long treeSize) {
    requireEcho(json, "tree_size", treeSize);
    JsonArray array = StrictJson.array(json, "leaves");
    long expected = Math.min(to, treeSize) - from;
    if (array.size() != expected) {
      throw new StrictJson.ShapeException(
          "leaves holds "
              + array.size()
              + " leaves, not the "
              + expected
              + " from "
              + from
              + " of the tree of "
              + treeSize);
    }
    List<ServedLeaf> leaves = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject leaf)) {
        throw new StrictJson.ShapeException("leaves holds something other than leaf objects");
      }
      ServedLeaf served = LeafJson.read(leaf);
      if (served.index() != from + i) {
        throw new StrictJson.ShapeException(
            "leaf " + (from + i) + " of the page is served as leaf " + served.index());
      }
      leaves.add(served);
    }
    return leaves;
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

  /** {@code GET /path} with an answer of at most {@code limit} bytes. */
  private RelayHttp.Answer send(String path, int limit) {
    return http.exchange(
        "GET /" + path,
        () -> http.request(path, REQUEST_TIMEOUT, "application/json").GET().build(),
        () -> Bodies.bounded(limit));
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
