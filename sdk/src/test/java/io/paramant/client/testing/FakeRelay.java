package io.paramant.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.paramant.ct.LeafPage;
import io.paramant.ct.ProvenLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A relay in the test's JVM that speaks the routes the SDK uses (blobs, drops, device keys, the CT
 * log's tree heads and consistency proofs, acks, health) over real HTTP, backed by the relay's own
 * {@link SectorLog}, so that tree heads and proofs are exactly what a relay serves. Its heads carry
 * the origin and the cosignatures of the {@link FakeWitness witnesses} it is given, made when a
 * head is served. It can fail on purpose: refuse uploads with 503, lose the answer of a stored
 * upload, cut off a download, rewrite the answer of a key lookup, serve one device's record for
 * another, register devices in another namespace, and strip, forge or replace cosignatures.
 */
public final class FakeRelay implements AutoCloseable {

  /** The namespace of every device this relay registers: it has one account. */
  public static final String NAMESPACE = "account:tester";

  public static final String SECTOR = "main";
  public static final String API_KEY = "pgp_" + "ab".repeat(32);

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final SectorLog log;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> drops = new ConcurrentHashMap<>();
  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseUploads = new AtomicInteger();
  private final AtomicInteger loseUploadAnswers = new AtomicInteger();
  private final AtomicInteger cutDownloads = new AtomicInteger();
  private volatile UnaryOperator<JsonObject> pubkeyEdit = UnaryOperator.identity();
  private volatile String namespace = NAMESPACE;
  private volatile String accountNamespace = NAMESPACE;
  private final Map<String, String> servedAs = new ConcurrentHashMap<>();
  private final WitnessedHeads heads =
      new WitnessedHeads(() -> uri().toString().replaceAll("/$", ""));
  private volatile UnaryOperator<JsonObject> leavesEdit = UnaryOperator.identity();
  private volatile UnaryOperator<JsonObject> directoryEdit = UnaryOperator.identity();
  private final AtomicInteger directoryRequests = new AtomicInteger();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile Runnable onDropPickup = () -> {};
  private final Map<String, Did> dids = new ConcurrentHashMap<>();
  private final List<String> credentials = new CopyOnWriteArrayList<>();
  private final List<String> didNonces = new CopyOnWriteArrayList<>();
  private volatile UnaryOperator<JsonObject> didEdit = UnaryOperator.identity();
  private final List<Long> notarised = new CopyOnWriteArrayList<>();

  /** A registered DID: its keys (hex), its device, and its did leaf. */
  private record Did(String dsa, String ecdh, String deviceId, long ctIndex) {}

  /** The routes where a device acts, on which the DID headers may replace the API key. */
  private static final java.util.regex.Pattern DEVICE_ROUTE =
      java.util.regex.Pattern.compile(
          "POST /v2/inbound|GET /v2/outbound/.*|GET /v2/status/.*|POST /v2/ack|GET /v2/monitor"
              + "|POST /v2/ws-ticket|GET /v2/audit|POST /v2/notary");

  private record Device(
      String kyber, String ecdh, String dsa, String fingerprint, long ctIndex, String namespace) {}

  private final AtomicLong millis = new AtomicLong(1_764_144_000_000L);
  private final byte[] auditId = new byte[32];
  private final List<JsonObject> auditEntries = new CopyOnWriteArrayList<>();
  private final List<JsonObject> auditAnchors = new CopyOnWriteArrayList<>();
  private volatile UnaryOperator<JsonObject> auditEdit = UnaryOperator.identity();
  private volatile int auditPageSize = Integer.MAX_VALUE;

  private FakeRelay(Path dataDirectory) {
    new java.security.SecureRandom().nextBytes(auditId);
    InstantSource clock = () -> Instant.ofEpochMilli(millis.addAndGet(1_000));
    this.log = SectorLog.open(dataDirectory, SECTOR, clock);
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** A relay whose log lives in {@code dataDirectory}. */
  public static FakeRelay start(Path dataDirectory) {
    return new FakeRelay(dataDirectory);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /**
   * From now on, every {@code method} request for exactly {@code path} (no query) is answered with
   * {@code status} and an error named after it ({@code relay_error}): a relay that keeps one kind
   * of request from succeeding while it serves the others.
   */
  public void fail(String method, String path, int status) {
    failures.put(method + " " + path, status);
  }

  /** The next {@code count} uploads are refused with 503 and {@code Retry-After: 0}. */
  public void refuseUploads(int count) {
    refuseUploads.set(count);
  }

  /** The next {@code count} uploads are stored, but the connection closes before the answer. */
  public void loseUploadAnswers(int count) {
    loseUploadAnswers.set(count);
  }

  /** The next {@code count} downloads stop after half the blob; the blob stays stored. */
  public void cutDownloads(int count) {
    cutDownloads.set(count);
  }

  /**
   * From now on, answers to {@code GET /v2/pubkey/...} reach the client as {@code edit} makes them.
   */
  public void editPubkeyAnswers(UnaryOperator<JsonObject> edit) {
    this.pubkeyEdit = edit;
  }

  /**
   * Devices registered from now on are logged and served in {@code namespace}, and {@code GET
   * /v2/check-key} names it: a relay that moved the account (or lies about it).
   */
  public void registerIn(String namespace) {
    this.namespace = namespace;
    this.accountNamespace = namespace;
  }

  /**
   * From now on, {@code GET /v2/check-key} names {@code namespace} (null: none), whatever the
   * devices are registered in.
   */
  public void checkKeyNames(String namespace) {
    this.accountNamespace = namespace;
  }

  /** A lookup of {@code asked} is answered with the logged record of {@code actual}. */
  public void serveAs(String asked, String actual) {
    servedAs.put(asked, actual);
  }

  /** Every head served from now on carries a fresh cosignature of each of {@code witnesses}. */
  public void witnessedBy(FakeWitness... witnesses) {
    heads.add(List.of(witnesses));
  }

  /**
   * From now on, the cosignatures of a head reach the client as {@code edit} makes them from the
   * head and the honest cosignatures.
   */
  public void editCosignatures(
      BiFunction<SignedTreeHead, List<Cosignature>, List<Cosignature>> edit) {
    heads.edit(edit);
  }

  /**
   * The origin its heads name and its witnesses cosign; default its URL without the trailing slash.
   */
  public void serveOrigin(String origin) {
    heads.origin(origin);
  }

  /** The origin its heads name. */
  public String origin() {
    return heads.origin();
  }

  /**
   * From now on, answers to {@code GET /v2/ct/leaves} reach the client as {@code edit} makes them.
   */
  public void editLeavesAnswers(UnaryOperator<JsonObject> edit) {
    this.leavesEdit = edit;
  }

  /**
   * Appends a {@code pubkey} leaf that binds {@code fingerprint} to {@code deviceId} of {@link
   * #NAMESPACE} without registering it: what a relay that hands out substitute keys for the device
   * must log. Returns the leaf's index.
   */
  public long logSubstituteKey(String deviceId, String fingerprint) {
    return log.appendPubkey(HEX.parseHex(fingerprint), DeviceBinding.of(NAMESPACE, deviceId));
  }

  /**
   * Logs a {@code pubkey} leaf that binds {@code deviceId}'s own registered keys in {@code
   * namespace}, and serves the device from it from now on: a relay that shows the owner a decoy
   * namespace in which its keys are fine. Returns the leaf's index.
   */
  public long logDecoyRegistration(String deviceId, String namespace) {
    Device known = devices.get(deviceId);
    long index =
        log.appendPubkey(HEX.parseHex(known.fingerprint()), DeviceBinding.of(namespace, deviceId));
    devices.put(
        deviceId,
        new Device(
            known.kyber(), known.ecdh(), known.dsa(), known.fingerprint(), index, namespace));
    return index;
  }

  /** Appends a {@code notary} leaf signed (it says) by {@code deviceId} with these keys. */
  public long logNotary(String deviceId, String signerFingerprint) {
    return log.appendNotary(
        HEX.parseHex(sha256(new byte[] {1})),
        DeviceBinding.of(NAMESPACE, deviceId),
        HEX.parseHex(signerFingerprint),
        1_764_144_000_000L);
  }

  /** Appends an {@code audit} leaf. */
  public long logAudit(long seq) {
    return log.appendAudit(
        HEX.parseHex(sha256(new byte[] {2})), seq, HEX.parseHex(sha256(new byte[] {3})));
  }

  /** Appends an {@code audit} leaf with these fields (lowercase hex of 32 bytes each). */
  public long logAudit(String chainHead, long seq, String auditIdHash) {
    return log.appendAudit(HEX.parseHex(chainHead), seq, HEX.parseHex(auditIdHash));
  }

  /**
   * From now on, answers to {@code GET /v2/pubkey} (the namespace directory) reach the client as
   * {@code edit} makes them.
   */
  public void editDirectoryAnswers(UnaryOperator<JsonObject> edit) {
    this.directoryEdit = edit;
  }

  /** How many times the namespace directory was asked for. */
  public int directoryRequests() {
    return directoryRequests.get();
  }

  /** Hashes of the blobs stored now. */
  public List<String> storedBlobs() {
    return new ArrayList<>(blobs.keySet());
  }

  /**
   * Replaces stored blob {@code hash} by {@code edit} of it, stored under its own hash, which is
   * returned: what a sender could have uploaded instead.
   */
  public String replaceBlob(String hash, UnaryOperator<byte[]> edit) {
    byte[] edited = edit.apply(blobs.remove(hash));
    String editedHash = sha256(edited);
    blobs.put(editedHash, edited);
    return editedHash;
  }

  /** A copy of stored blob {@code hash}: what a dishonest relay keeps after handing it out. */
  public byte[] copyOf(String hash) {
    return blobs.get(hash).clone();
  }

  /**
   * Stores {@code blob} under its SHA-256, which is returned: an upload of bytes a test made (a
   * forged chunk), or a relay putting a kept copy back.
   */
  public String store(byte[] blob) {
    String hash = sha256(blob);
    blobs.put(hash, blob.clone());
    return hash;
  }

  /** Replaces the content of every stored drop by {@code edit} of it. */
  public void replaceDrops(UnaryOperator<byte[]> edit) {
    drops.replaceAll((id, content) -> edit.apply(content));
  }

  /** {@code action} runs when a drop is fetched, before it is served (and burned). */
  public void onDropPickup(Runnable action) {
    this.onDropPickup = action;
  }

  /**
   * Appends {@code count} transfer leaves of random blob hashes to its log, as if that many blobs
   * had been uploaded: a log of a realistic size for the proofs of later leaves.
   */
  public void logTransfers(int count) {
    // concurrent writers, so that the log's group commit shares one fsync among many appends
    java.util.concurrent.ForkJoinPool writers = new java.util.concurrent.ForkJoinPool(64);
    try {
      writers
          .submit(
              () ->
                  java.util.stream.IntStream.range(0, count)
                      .parallel()
                      .forEach(
                          i -> {
                            byte[] hash = new byte[32];
                            java.util.concurrent.ThreadLocalRandom.current().nextBytes(hash);
                            log.appendTransfer(hash);
                          }))
          .join();
    } finally {
      writers.shutdown();
    }
  }

  /**
   * The credential of every request so far, in order: {@code key}, {@code did}, {@code key+did} or
   * {@code none}, then a space and {@code METHOD path}.
   */
  public List<String> credentials() {
    return List.copyOf(credentials);
  }

  /** The {@code X-DID-Nonce} of every DID-authenticated request so far. */
  public List<String> didNonces() {
    return List.copyOf(didNonces);
  }

  /** From now on, DID documents reach the client as {@code edit} makes them. */
  public void editDidDocuments(UnaryOperator<JsonObject> edit) {
    this.didEdit = edit;
  }

  /** The device a DID was registered for, or null. */
  public String deviceOfDid(String did) {
    Did known = dids.get(did);
    return known == null ? null : known.deviceId();
  }

  /**
   * The relay's clock (its log's insertion times and audit entries' times) moves on by {@code
   * duration}: the log's clock otherwise advances one second per leaf.
   */
  public void advanceClock(java.time.Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  /**
   * Records an entry in the account's audit chain at the relay's current time, hashed as
   * PROTOCOL.md says (computed here with a writer of the test's own); returns its entry hash.
   */
  public String auditRecord(String event, String subject, Long size) {
    long seq = auditEntries.size() + 1;
    String prev =
        auditEntries.isEmpty()
            ? "00".repeat(32)
            : auditEntries.get(auditEntries.size() - 1).getString("entry_hash");
    long at = millis.get();
    java.util.TreeMap<String, Object> members = new java.util.TreeMap<>();
    members.put("seq", seq);
    members.put("at", at);
    members.put("event", event);
    members.put("subject", subject);
    if (size != null) {
      members.put("size", size);
    }
    StringBuilder jcs = new StringBuilder("{");
    members.forEach(
        (name, value) ->
            jcs.append(jcs.length() > 1 ? "," : "")
                .append(Json.createValue(name))
                .append(':')
                .append(
                    value instanceof Long n
                        ? n.toString()
                        : Json.createValue((String) value).toString()));
    jcs.append('}');
    String hash =
        HEX.formatHex(sha3(HEX.parseHex(prev), jcs.toString().getBytes(StandardCharsets.UTF_8)));
    JsonObjectBuilder entry =
        Json.createObjectBuilder()
            .add("seq", seq)
            .add("at", at)
            .add("event", event)
            .add("subject", subject);
    if (size != null) {
      entry.add("size", size);
    }
    auditEntries.add(entry.add("prev_hash", prev).add("entry_hash", hash).build());
    return hash;
  }

  /** Anchors the audit chain's head as an {@code audit} leaf, as the relay does every minute. */
  public long auditAnchor() {
    JsonObject head = auditEntries.get(auditEntries.size() - 1);
    long seq = head.getJsonNumber("seq").longValue();
    return auditAnchor(seq, head.getString("entry_hash"));
  }

  /**
   * Logs an {@code audit} leaf for {@code head} at {@code seq} under this account's audit id and
   * lists it among the export's anchors: an anchor that may name a head not on the chain.
   */
  public long auditAnchor(long seq, String head) {
    long index = log.appendAudit(HEX.parseHex(head), seq, sha3(auditId));
    auditAnchors.add(
        Json.createObjectBuilder()
            .add("seq", seq)
            .add("head", head)
            .add("ct_index", index)
            .add("inserted_at", log.entry(index).insertedAtMillis())
            .build());
    return index;
  }

  /** JSON pages of {@code GET /v2/audit} hold at most {@code size} entries, whatever is asked. */
  public void auditPageSize(int size) {
    this.auditPageSize = size;
  }

  /** The account's audit id's SHA3-256, hex. */
  public String auditIdHash() {
    return HEX.formatHex(sha3(auditId));
  }

  /**
   * From now on, JSON pages of {@code GET /v2/audit} reach the client as {@code edit} makes them.
   */
  public void editAuditAnswers(UnaryOperator<JsonObject> edit) {
    this.auditEdit = edit;
  }

  /** Every request so far, as {@code METHOD path}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    log.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(method + " " + path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      Integer failure = failures.get(method + " " + path);
      if (failure != null) {
        error(exchange, failure, failure == 404 ? "not_found" : "relay_error");
        return;
      }
      boolean hasKey = exchange.getRequestHeaders().containsKey("X-Api-Key");
      boolean hasDid = exchange.getRequestHeaders().containsKey("X-DID");
      credentials.add(
          (hasKey && hasDid ? "key+did" : hasKey ? "key" : hasDid ? "did" : "none")
              + " "
              + method
              + " "
              + path);
      boolean keyed = API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"));
      if (hasDid && DEVICE_ROUTE.matcher(method + " " + path).matches()) {
        if (hasKey) {
          error(exchange, 400, "ambiguous_credentials");
          return;
        }
        Did did = dids.get(String.valueOf(exchange.getRequestHeaders().getFirst("X-DID")));
        if (did == null) {
          error(exchange, 401, "did_unknown");
          return;
        }
        String refused = refusedDidAuth(exchange, body, did.dsa());
        if (refused != null) {
          error(exchange, 401, refused);
          return;
        }
        keyed = true;
      }
      if (method.equals("GET") && path.equals("/health")) {
        json(
            exchange,
            200,
            ok().add("version", "test")
                .add("sector", SECTOR)
                .add("edition", "community")
                .add("uptime_s", 1));
      } else if (method.equals("GET") && path.equals("/v2/relays")) {
        json(exchange, 200, relays());
      } else if (method.equals("GET") && path.equals("/v2/ct/sth")) {
        json(exchange, 200, treeHead(log.sth()));
      } else if (method.equals("GET") && path.equals("/v2/ct/proof/consistency")) {
        Map<String, String> query = query(exchange.getRequestURI());
        ConsistencyProof proof =
            log.consistencyProof(
                Long.parseLong(query.get("first")), Long.parseLong(query.get("second")));
        JsonArrayBuilder hashes = Json.createArrayBuilder();
        proof.path().forEach(h -> hashes.add(HEX.formatHex(h)));
        json(
            exchange,
            200,
            Json.createObjectBuilder()
                .add("first", proof.firstSize())
                .add("second", proof.secondSize())
                .add("proof", hashes));
      } else if (method.equals("GET") && path.equals("/v2/ct/leaves")) {
        leaves(exchange, query(exchange.getRequestURI()));
      } else if (method.equals("GET") && path.startsWith("/v2/did/")) {
        resolveDid(exchange, path.substring("/v2/did/".length()));
      } else if (method.equals("GET") && path.startsWith("/v2/drop/")) {
        onDropPickup.run();
        byte[] drop = drops.remove(path.substring("/v2/drop/".length()));
        if (drop == null) {
          error(exchange, 404, "not_found");
        } else {
          bytes(exchange, drop);
        }
      } else if (!keyed) {
        error(exchange, 401, "invalid_key");
      } else if (method.equals("GET") && path.equals("/v2/check-key")) {
        json(
            exchange,
            200,
            accountNamespace == null
                ? Json.createObjectBuilder()
                    .add("valid", true)
                    .add("plan", "pro")
                    .addNull("namespace")
                : Json.createObjectBuilder()
                    .add("valid", true)
                    .add("plan", "pro")
                    .add("namespace", accountNamespace));
      } else if (method.equals("POST") && path.equals("/v2/inbound")) {
        inbound(exchange, body);
      } else if (method.equals("GET") && path.startsWith("/v2/outbound/")) {
        outbound(exchange, path.substring("/v2/outbound/".length()));
      } else if (method.equals("GET") && path.startsWith("/v2/status/")) {
        json(
            exchange,
            200,
            Json.createObjectBuilder()
                .add("available", blobs.containsKey(path.substring("/v2/status/".length()))));
      } else if (method.equals("POST") && path.equals("/v2/notary")) {
        notary(exchange, body);
      } else if (method.equals("POST") && path.equals("/v2/did/register")) {
        registerDid(exchange, body);
      } else if (method.equals("POST") && path.equals("/v2/pubkey")) {
        register(exchange, body);
      } else if (method.equals("GET") && path.equals("/v2/pubkey")) {
        directory(exchange);
      } else if (method.equals("GET") && path.startsWith("/v2/pubkey/")) {
        lookup(exchange, path.substring("/v2/pubkey/".length()));
      } else if (method.equals("POST") && path.equals("/v2/drop")) {
        JsonObject request = Json.createReader(new ByteArrayInputStream(body)).readObject();
        String id = request.getString("id");
        if (drops.putIfAbsent(id, Base64.getDecoder().decode(request.getString("payload")))
            != null) {
          error(exchange, 409, "drop_exists");
        } else {
          json(exchange, 200, ok().add("id", id).add("ttl_ms", 3_600_000).add("size", 5_242_880));
        }
      } else if (method.equals("GET") && path.equals("/v2/audit")) {
        audit(exchange);
      } else if (method.equals("POST") && path.equals("/v2/ack")) {
        json(exchange, 200, ok().add("latency_ms", 1).add("ct_index", 0));
      } else {
        error(exchange, 404, "not_found");
      }
    }
  }

  private void inbound(HttpExchange exchange, byte[] body) throws IOException {
    if (refuseUploads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.getResponseHeaders().set("Retry-After", "0");
      error(exchange, 503, "relay_at_capacity");
      return;
    }
    String hash = exchange.getRequestHeaders().getFirst("X-Paramant-Hash");
    if (!sha256(body).equals(hash)) {
      error(exchange, 400, "hash_mismatch");
      return;
    }
    if (blobs.putIfAbsent(hash, body) != null) {
      error(exchange, 409, "hash_exists");
      return;
    }
    long index = log.appendTransfer(HEX.parseHex(hash));
    if (loseUploadAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return; // closed without an answer: the client sees the connection end
    }
    json(
        exchange,
        200,
        ok().add("hash", hash)
            .add("ttl_ms", 3_600_000)
            .add("size", body.length)
            .add("ct_index", index));
  }

  private void outbound(HttpExchange exchange, String hash) throws IOException {
    byte[] blob = blobs.get(hash);
    if (blob == null) {
      error(exchange, 404, "not_found");
      return;
    }
    if (cutDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, blob.length);
      exchange.getResponseBody().write(blob, 0, blob.length / 2);
      exchange.getResponseBody().flush();
      return; // closed early: the client sees a short body, the blob stays
    }
    blobs.remove(hash);
    bytes(exchange, blob);
  }

  private void register(HttpExchange exchange, byte[] body) throws IOException {
    JsonObject request = Json.createReader(new ByteArrayInputStream(body)).readObject();
    String id = request.getString("device_id");
    String kyber = request.getString("kyber_pub");
    String ecdh = request.getString("ecdh_pub", null);
    String dsa = request.getString("dsa_pub", null);
    String fingerprint = fingerprint(kyber, ecdh, dsa);
    Device known = devices.get(id);
    if (known == null) {
      String in = namespace;
      known =
          new Device(
              kyber,
              ecdh,
              dsa,
              fingerprint,
              log.appendPubkey(HEX.parseHex(fingerprint), DeviceBinding.of(in, id)),
              in);
      devices.put(id, known);
    } else if (!known.fingerprint().equals(fingerprint)) {
      error(exchange, 409, "device_key_conflict");
      return;
    }
    json(
        exchange,
        200,
        ok().add("device_id", id)
            .add("fingerprint", fingerprint)
            .add("ct_index", known.ctIndex())
            .add("hybrid", ecdh != null));
  }

  /**
   * {@code POST /v2/notary} (docs/notary.md), checked as the document has the relay check it: the
   * device of the caller's namespace, its ML-DSA-65 key, {@code signed_at_ms} within 5 minutes of
   * this machine's clock, the signature over {@code "paramant/notary/v1" || sha256 ||
   * signed_at_ms}; then the {@code notary} leaf is appended.
   */
  private void notary(HttpExchange exchange, byte[] body) throws IOException {
    if (body.length > 64 * 1024) {
      error(exchange, 413, "payload_too_large");
      return;
    }
    JsonObject request;
    try {
      request = Json.createReader(new ByteArrayInputStream(body)).readObject();
    } catch (RuntimeException e) {
      error(exchange, 400, "invalid_json");
      return;
    }
    for (String field : List.of("device_id", "document_sha256", "signed_at_ms", "signature")) {
      if (!request.containsKey(field)) {
        error(exchange, 400, "missing_field");
        return;
      }
    }
    String id = request.getString("device_id");
    String document = request.getString("document_sha256");
    String signatureText = request.getString("signature");
    if (!document.matches("[0-9a-fA-F]{64}")
        || !(request.get("signed_at_ms") instanceof jakarta.json.JsonNumber number)
        || !number.isIntegral()
        || signatureText.contains("=")) {
      error(exchange, 400, "invalid_field");
      return;
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(signatureText);
    } catch (IllegalArgumentException e) {
      error(exchange, 400, "invalid_field");
      return;
    }
    if (signature.length != 3309) {
      error(exchange, 400, "invalid_field");
      return;
    }
    Device device = devices.get(id);
    if (device == null || !device.namespace().equals(namespace)) {
      error(exchange, 404, "not_found");
      return;
    }
    if (device.dsa() == null) {
      error(exchange, 400, "device_cannot_sign");
      return;
    }
    long signedAt = number.longValueExact();
    if (Math.abs(signedAt - System.currentTimeMillis()) > 300_000) {
      error(exchange, 400, "signed_at_out_of_window");
      return;
    }
    byte[] sha256 = HEX.parseHex(document.toLowerCase(java.util.Locale.ROOT));
    byte[] binding = DeviceBinding.of(device.namespace(), id);
    byte[] message =
        java.nio.ByteBuffer.allocate(18 + 32 + 8 + 32)
            .put("paramant/notary/v1".getBytes(StandardCharsets.US_ASCII))
            .put(sha256)
            .putLong(signedAt)
            .put(binding)
            .array();
    org.bouncycastle.crypto.signers.MLDSASigner verifier =
        new org.bouncycastle.crypto.signers.MLDSASigner();
    verifier.init(
        false,
        new org.bouncycastle.crypto.params.MLDSAPublicKeyParameters(
            org.bouncycastle.crypto.params.MLDSAParameters.ml_dsa_65, HEX.parseHex(device.dsa())));
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      error(exchange, 400, "invalid_signature");
      return;
    }
    long index = log.appendNotary(sha256, binding, HEX.parseHex(device.fingerprint()), signedAt);
    LogEntry leaf = log.entry(index);
    notarised.add(index);
    json(
        exchange,
        200,
        ok().add("ct_index", index)
            .add("inserted_at", leaf.insertedAtMillis())
            .add("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(leaf.encode())))
            .add("sector", leaf.sector())
            .add("namespace", device.namespace())
            .add("device_id", id)
            .add("fingerprint", device.fingerprint())
            .add("binding", HEX.formatHex(binding)));
  }

  /** The indexes of the notary leaves logged by {@code POST /v2/notary}, in order. */
  public List<Long> notarised() {
    return List.copyOf(notarised);
  }

  /**
   * {@code POST /v2/did/register} (docs/did.md): the key names the account, the DID headers must
   * verify with the body's ML-DSA key, and the device must be registered with exactly these keys.
   */
  private void registerDid(HttpExchange exchange, byte[] body) throws IOException {
    JsonObject request = Json.createReader(new ByteArrayInputStream(body)).readObject();
    String id = request.getString("device_id");
    String ecdh = request.getString("ecdh_pub").toLowerCase();
    String dsa = request.getString("dsa_pub").toLowerCase();
    String did = didOf(dsa, ecdh);
    String claimed = exchange.getRequestHeaders().getFirst("X-DID");
    if (claimed == null) {
      error(exchange, 401, "did_auth_incomplete");
      return;
    }
    String refused = refusedDidAuth(exchange, body, dsa);
    if (refused != null) {
      error(exchange, 401, refused);
      return;
    }
    if (!did.equals(claimed)) {
      error(exchange, 401, "did_mismatch");
      return;
    }
    Device device = devices.get(id);
    if (device == null || !device.namespace().equals(namespace)) {
      error(exchange, 404, "not_found"); // as the relay: the code of GET /v2/pubkey/{id}
      return;
    }
    if (!ecdh.equals(device.ecdh()) || !dsa.equals(device.dsa())) {
      error(exchange, 409, "did_keys_differ");
      return;
    }
    Did known = dids.computeIfAbsent(did, d -> new Did(dsa, ecdh, id, log.appendDid(d)));
    if (!known.deviceId().equals(id)) {
      error(exchange, 409, "did_conflict");
      return;
    }
    json(exchange, 200, ok().add("did", did).add("ct_index", known.ctIndex()));
  }

  /** {@code GET /v2/did/{did}}: the document, proven against the head taken now. */
  private void resolveDid(HttpExchange exchange, String did) throws IOException {
    Did known = dids.get(did);
    if (known == null) {
      error(exchange, 404, "did_not_found");
      return;
    }
    SignedTreeHead head = log.sth();
    JsonObject document =
        DidDocuments.document(
                did,
                HEX.parseHex(known.dsa()),
                HEX.parseHex(known.ecdh()),
                DidDocuments.paramantLog(
                    log.entry(known.ctIndex()),
                    known.ctIndex(),
                    log.inclusionProof(known.ctIndex(), head.treeSize()),
                    treeHead(head)))
            .build();
    send(
        exchange,
        200,
        "application/did+json",
        didEdit.apply(document).toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks the DID headers of a request against the ML-DSA key {@code dsaHex}, as docs/did.md has
   * the relay check them (written here from the document, not from the SDK's signer): the code of
   * the refusal, or null.
   */
  private String refusedDidAuth(HttpExchange exchange, byte[] body, String dsaHex) {
    com.sun.net.httpserver.Headers headers = exchange.getRequestHeaders();
    String timestamp = headers.getFirst("X-DID-Timestamp");
    String nonce = headers.getFirst("X-DID-Nonce");
    String signature = headers.getFirst("X-DID-Signature");
    String bodyHash = headers.getFirst("X-DID-Body-SHA256");
    if (timestamp == null || nonce == null || signature == null) {
      return "did_auth_incomplete";
    }
    if (body.length > 0 && bodyHash == null) {
      return "did_auth_incomplete";
    }
    if (!nonce.matches("[A-Za-z0-9_-]{16,64}")
        || !timestamp.matches("[0-9]{1,19}")
        || bodyHash != null && !bodyHash.matches("[0-9a-f]{64}")) {
      return "did_auth_malformed";
    }
    if (Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis()) > 300_000) {
      return "did_timestamp_out_of_window";
    }
    StringBuilder lines = new StringBuilder("paramant/did-auth/v1\n");
    URI target = exchange.getRequestURI();
    lines
        .append(exchange.getRequestMethod())
        .append('\n')
        .append(target.getRawPath())
        .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
        .append('\n')
        .append(timestamp)
        .append('\n')
        .append(nonce)
        .append('\n')
        .append(bodyHash != null ? bodyHash : sha256(new byte[0]))
        .append('\n')
        .append(log.sth().keyId())
        .append('\n')
        .append(headers.containsKey("Content-Type") ? headers.getFirst("Content-Type") : "");
    java.util.TreeMap<String, String> paramant = new java.util.TreeMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
      if (name.startsWith("x-paramant-")) {
        if (header.getValue().size() != 1) {
          return "did_auth_malformed";
        }
        paramant.put(name, header.getValue().get(0).strip());
      }
    }
    paramant.forEach((name, value) -> lines.append('\n').append(name).append(':').append(value));
    byte[] message = lines.toString().getBytes(StandardCharsets.UTF_8);
    org.bouncycastle.crypto.signers.MLDSASigner verifier =
        new org.bouncycastle.crypto.signers.MLDSASigner();
    verifier.init(
        false,
        new org.bouncycastle.crypto.params.MLDSAPublicKeyParameters(
            org.bouncycastle.crypto.params.MLDSAParameters.ml_dsa_65, HEX.parseHex(dsaHex)));
    verifier.update(message, 0, message.length);
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return "did_auth_malformed";
    }
    if (signature.contains("=") || !verifier.verifySignature(signatureBytes)) {
      return "did_signature_invalid";
    }
    if (didNonces.contains(nonce)) {
      return "did_nonce_reused";
    }
    didNonces.add(nonce);
    String hash = bodyHash != null ? bodyHash : sha256(new byte[0]);
    if (!sha256(body).equals(hash)) {
      return "did_body_mismatch";
    }
    return null;
  }

  /** The DID of an ML-DSA-65 and a P-256 key (hex), computed as PROTOCOL.md defines it. */
  private static String didOf(String dsaHex, String ecdhHex) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      sha3.update(HEX.parseHex(dsaHex));
      sha3.update(HEX.parseHex(ecdhHex));
      byte[] first20 = java.util.Arrays.copyOf(sha3.digest(), 20);
      return "did:paramant:"
          + org.bouncycastle.util.encoders.Base32.toBase32String(first20)
              .toLowerCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private void lookup(HttpExchange exchange, String id) throws IOException {
    Device device = devices.get(servedAs.getOrDefault(id, id));
    if (device == null) {
      error(exchange, 404, "not_found");
      return;
    }
    LeafPage page = log.leaves(device.ctIndex(), device.ctIndex() + 1);
    ProvenLeaf leaf = page.leaves().get(0);
    JsonArrayBuilder proof = Json.createArrayBuilder();
    leaf.proof().path().forEach(h -> proof.add(HEX.formatHex(h)));
    JsonObjectBuilder answer =
        ok().add("device_id", id)
            .add("namespace", device.namespace())
            .add("kyber_pub", device.kyber());
    if (device.ecdh() != null) {
      answer.add("ecdh_pub", device.ecdh());
    }
    if (device.dsa() != null) {
      answer.add("dsa_pub", device.dsa());
    }
    answer
        .add("fingerprint", device.fingerprint())
        .add("hybrid", device.ecdh() != null)
        .add("ct_index", device.ctIndex())
        .add("binding", ((LeafDetail.Pubkey) leaf.entry().detail()).binding())
        .add("inserted_at", leaf.entry().insertedAtMillis())
        .add("sector", leaf.entry().sector())
        .add("tree_size", leaf.proof().treeSize())
        .add("inclusion_proof", proof)
        .add("sth", treeHead(page.treeHead()));
    byte[] edited = pubkeyEdit.apply(answer.build()).toString().getBytes(StandardCharsets.UTF_8);
    send(exchange, 200, "application/json", edited);
  }

  /** {@code GET /v2/ct/leaves?from=&to=[&tree_size=]}, as the relay's {@code LogResource}. */
  private void leaves(HttpExchange exchange, Map<String, String> query) throws IOException {
    long from = Long.parseLong(query.get("from"));
    long to = Long.parseLong(query.get("to"));
    String size = query.get("tree_size");
    LeafPage page =
        size == null ? log.leaves(from, to) : log.leaves(from, to, Long.parseLong(size));
    JsonArrayBuilder leaves = Json.createArrayBuilder();
    for (ProvenLeaf leaf : page.leaves()) {
      var entry = leaf.entry();
      byte[] bytes = entry.encode();
      JsonArrayBuilder proof = Json.createArrayBuilder();
      leaf.proof().path().forEach(h -> proof.add(HEX.formatHex(h)));
      JsonObjectBuilder json =
          Json.createObjectBuilder()
              .add("index", leaf.index())
              .add("leaf_hash", HEX.formatHex(leaf.leafHash()))
              .add("leaf_bytes", HEX.formatHex(bytes))
              .add("type", entry.type().wireName())
              .add("subject", entry.subject())
              .add("sector", entry.sector())
              .add("inserted_at", entry.insertedAtMillis());
      if (entry.type() == EntryType.TRANSFER || entry.type() == EntryType.ACK) {
        json.add("blob_hash", entry.subject());
      }
      if (entry.detail() instanceof LeafDetail.Pubkey pubkey) {
        json.add("binding", pubkey.binding());
      } else if (entry.detail() instanceof LeafDetail.Notary notary) {
        json.add("signer_binding", notary.signerBinding())
            .add("signer_fingerprint", notary.signerFingerprint())
            .add("signed_at", notary.signedAtMillis());
      } else if (entry.detail() instanceof LeafDetail.Audit audit) {
        json.add("seq", audit.seq()).add("audit_id_hash", audit.auditIdHash());
      }
      leaves.add("false".equals(query.get("proofs")) ? json : json.add("inclusion_proof", proof));
    }
    JsonObject answer =
        Json.createObjectBuilder()
            .add("tree_size", page.treeSize())
            .add("sth", treeHead(page.treeHead()))
            .add("leaves", leaves)
            .build();
    send(
        exchange,
        200,
        "application/json",
        leavesEdit.apply(answer).toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code GET /v2/audit[?after_seq=&limit=|?format=csv]}, as the relay's {@code AuditResource}.
   */
  private void audit(HttpExchange exchange) throws IOException {
    Map<String, String> query =
        exchange.getRequestURI().getRawQuery() == null ? Map.of() : query(exchange.getRequestURI());
    List<JsonObject> entries = List.copyOf(auditEntries);
    if ("csv".equals(query.get("format"))) {
      StringBuilder csv = new StringBuilder("seq,at,event,subject,size,prev_hash,entry_hash\r\n");
      for (JsonObject e : entries) {
        csv.append(
                String.join(
                    ",",
                    e.getJsonNumber("seq").toString(),
                    e.getJsonNumber("at").toString(),
                    e.getString("event"),
                    e.getString("subject"),
                    e.containsKey("size") ? e.getJsonNumber("size").toString() : "",
                    e.getString("prev_hash"),
                    e.getString("entry_hash")))
            .append("\r\n");
      }
      send(exchange, 200, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
      return;
    }
    long after = Long.parseLong(query.getOrDefault("after_seq", "0"));
    int limit = Math.min(auditPageSize, Integer.parseInt(query.getOrDefault("limit", "10000")));
    JsonArrayBuilder page = Json.createArrayBuilder();
    long last = after;
    int written = 0;
    boolean more = false;
    for (JsonObject e : entries) {
      long seq = e.getJsonNumber("seq").longValue();
      if (seq <= after) {
        continue;
      }
      if (written == limit) {
        more = true;
        break;
      }
      page.add(e);
      written++;
      last = seq;
    }
    JsonArrayBuilder anchors = Json.createArrayBuilder();
    for (JsonObject a : auditAnchors) {
      long seq = a.getJsonNumber("seq").longValue();
      if (seq > after && seq <= last) {
        anchors.add(a);
      }
    }
    JsonObjectBuilder answer =
        ok().add("sector", SECTOR)
            .add("audit_id", HEX.formatHex(auditId))
            .add("audit_id_hash", auditIdHash())
            .add("head_seq", entries.size())
            .add(
                "head_hash",
                entries.isEmpty()
                    ? "00".repeat(32)
                    : entries.get(entries.size() - 1).getString("entry_hash"))
            .add("exported_at", millis.get())
            .add("entries", page)
            .add("anchors", anchors);
    if (more) {
      answer.add("next_after_seq", last);
    }
    byte[] edited = auditEdit.apply(answer.build()).toString().getBytes(StandardCharsets.UTF_8);
    send(exchange, 200, "application/json", edited);
  }

  private static byte[] sha3(byte[]... parts) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (byte[] part : parts) {
        sha3.update(part);
      }
      return sha3.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * {@code GET /v2/pubkey}: every device of the one namespace, sorted by id, each proven against
   * the one head taken first, as the relay answers, then edited by {@link #editDirectoryAnswers}.
   */
  private void directory(HttpExchange exchange) throws IOException {
    directoryRequests.incrementAndGet();
    SignedTreeHead head = log.sth();
    JsonArrayBuilder listed = Json.createArrayBuilder();
    String listedNamespace = accountNamespace != null ? accountNamespace : namespace;
    for (String id : new java.util.TreeSet<>(devices.keySet())) {
      Device device = devices.get(id);
      if (!device.namespace().equals(listedNamespace)) {
        continue; // another namespace's device
      }
      if (device.ctIndex() >= head.treeSize()) {
        continue; // registered after the head was taken
      }
      LogEntry leaf = log.entry(device.ctIndex());
      JsonArrayBuilder proof = Json.createArrayBuilder();
      log.inclusionProof(device.ctIndex(), head.treeSize())
          .path()
          .forEach(h -> proof.add(HEX.formatHex(h)));
      JsonObjectBuilder entry =
          ok().add("device_id", id)
              .add("namespace", device.namespace())
              .add("kyber_pub", device.kyber());
      if (device.ecdh() != null) {
        entry.add("ecdh_pub", device.ecdh());
      }
      if (device.dsa() != null) {
        entry.add("dsa_pub", device.dsa());
      }
      listed.add(
          entry
              .add("fingerprint", device.fingerprint())
              .add("binding", ((LeafDetail.Pubkey) leaf.detail()).binding())
              .add("hybrid", device.ecdh() != null)
              .add("ct_index", device.ctIndex())
              .add("inserted_at", leaf.insertedAtMillis())
              .add("registered_at", leaf.insertedAtMillis())
              .add("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(leaf.encode())))
              .add("sector", leaf.sector())
              .add("inclusion_proof", proof));
    }
    JsonObject answer =
        ok().add("namespace", listedNamespace)
            .add("tree_size", head.treeSize())
            .add("sth", treeHead(head))
            .add("devices", listed)
            .build();
    byte[] edited = directoryEdit.apply(answer).toString().getBytes(StandardCharsets.UTF_8);
    send(exchange, 200, "application/json", edited);
  }

  private JsonObjectBuilder treeHead(SignedTreeHead head) {
    return heads.json(head, log.publicKey());
  }

  private static String fingerprint(String... hexKeys) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (String key : hexKeys) {
        if (key != null) {
          sha3.update(HEX.parseHex(key.toLowerCase()));
        }
      }
      return HEX.formatHex(sha3.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new ConcurrentHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      query.put(parts[0], parts[1]);
    }
    return query;
  }

  /** This relay up, a peer up at port 3004 and one down, the way a deployment answers. */
  private JsonObjectBuilder relays() {
    return ok().add(
            "relays",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("sector", SECTOR)
                        .add("url", uri().toString())
                        .add("self", true)
                        .add("status", "up")
                        .add("version", "test")
                        .add("edition", "community")
                        .addNull("latency_ms"))
                .add(
                    Json.createObjectBuilder()
                        .add("sector", "health")
                        .add("url", "http://127.0.0.1:3001")
                        .add("self", false)
                        .add("status", "down")
                        .addNull("version")
                        .addNull("edition")
                        .addNull("latency_ms"))
                .add(
                    Json.createObjectBuilder()
                        .add("sector", "iot")
                        .add("url", "http://127.0.0.1:3004")
                        .add("self", false)
                        .add("status", "up")
                        .add("version", "test")
                        .add("edition", "licensed")
                        .add("latency_ms", 7)));
  }

  private static JsonObjectBuilder ok() {
    return Json.createObjectBuilder().add("ok", true);
  }

  private static void error(HttpExchange exchange, int status, String code) throws IOException {
    json(
        exchange,
        status,
        Json.createObjectBuilder().add("ok", false).add("error", code).add("detail", code + "."));
  }

  private static void json(HttpExchange exchange, int status, JsonObjectBuilder json)
      throws IOException {
    send(
        exchange,
        status,
        "application/json",
        json.build().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(HttpExchange exchange, byte[] body) throws IOException {
    send(exchange, 200, "application/octet-stream", body);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
