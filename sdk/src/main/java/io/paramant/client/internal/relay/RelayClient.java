package io.paramant.client.internal.relay;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.accounts.DeviceIds;
import io.paramant.client.LogVerificationException;
import io.paramant.client.PublicKeys;
import io.paramant.client.RelayRequestException;
import io.paramant.client.TransferException;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The relay's HTTP API as the SDK uses it: blobs, drops, device keys, push tickets, delivery
 * confirmations, health, the deployment's relays. Every request is retried per the {@link
 * RetryPolicy}; answers are read strictly ({@link StrictJson}). Thread-safe.
 *
 * <p>Failures: no usable answer or an error status is a {@link RelayRequestException} (with the
 * relay's error code); a blob, drop or device the relay does not have is a {@link
 * TransferException} ({@code GONE}, {@code UNKNOWN_DEVICE}); an answer of the wrong shape is a
 * {@link LogVerificationException} {@code MALFORMED_RESPONSE}. The API key travels in {@code
 * X-Api-Key} only and appears in no message.
 *
 * <p>With DID authentication ({@link DidAuth}, docs/did.md), the routes where a device acts carry
 * the DID headers instead of the key, signed anew for every attempt; the DID registration carries
 * both.
 */
public final class RelayClient {

  /**
   * The relay's receipt of an upload.
   *
   * @param ttlMs the time to live the relay applied; -1 when the blob was found stored by an
   *     earlier attempt (its receipt was lost)
   * @param earlier whether an earlier attempt whose answer was lost had stored it
   */
  public record StoredBlob(String hash, long ttlMs, boolean earlier) {}

  /** The relay's receipt of a key registration. */
  public record Registration(String deviceId, String fingerprint, long ctIndex, boolean hybrid) {}

  /** What {@code GET /health} says about a relay. */
  public record Health(String version, String sector, String edition, long uptimeSeconds) {}

  /**
   * A sector relay of the deployment as {@code GET /v2/relays} lists it.
   *
   * @param url its base URL, or null when the relay does not know it
   * @param self whether it is the relay that answered
   * @param up whether it answered its probe
   * @param version its version, or null when down
   * @param edition its edition, or null when down
   * @param latencyMs the probe's round trip, or null (down, or the relay that answered)
   */
  public record RelayNode(
      String sector,
      String url,
      boolean self,
      boolean up,
      String version,
      String edition,
      Long latencyMs) {}

  /** The device id rule of the API. */
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private static final HexFormat HEX = HexFormat.of();

  /** The signed header that names the namespace a DID registration is for (docs/did.md). */
  static final String NAMESPACE_HEADER = "X-Paramant-Namespace";

  private static final Duration BLOB_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration JSON_TIMEOUT = Duration.ofSeconds(30);
  private final RelayAddress relay;
  private final RelayHttp http;
  private final String apiKey;
  private final DidAuth did;
  private final boolean devicesByDid;

  /**
   * A client that authenticates every route with the API key.
   *
   * @param apiKey the account's key, or null for the routes that need none (drop pickup, health)
   */
  public RelayClient(RelayHttp http, String apiKey) {
    this(http, apiKey, null, false);
  }

  /**
   * A client that can sign as the device's DID (docs/did.md).
   *
   * @param apiKey the account's key, or null for the routes that need none
   * @param did signs as the device's DID: the DID registration always, and with {@code
   *     devicesByDid} the device routes; null for a client without device keys
   * @param devicesByDid whether the routes where a device acts ({@code POST /v2/inbound}, {@code
   *     GET /v2/outbound/...}, {@code GET /v2/status/...}, {@code POST /v2/ack}, {@code GET
   *     /v2/monitor}, {@code POST /v2/ws-ticket}) carry the DID headers instead of {@code
   *     X-Api-Key}; the other routes keep the API key
   */
  public RelayClient(RelayHttp http, String apiKey, DidAuth did, boolean devicesByDid) {
    this.http = Objects.requireNonNull(http, "http");
    this.relay = http.relay();
    this.apiKey = apiKey;
    if (devicesByDid && did == null) {
      throw new IllegalArgumentException("DID authentication needs a DID signer");
    }
    this.did = did;
    this.devicesByDid = devicesByDid;
  }

  /** A client over its own {@link RelayHttp}; see {@link #RelayClient(RelayHttp, String)}. */
  public RelayClient(
      RelayAddress relay,
      HttpClient http,
      String apiKey,
      RetryPolicy retry,
      RelayHttp.Sleeper sleeper) {
    this(new RelayHttp(relay, http, retry, sleeper), apiKey);
  }

  /** Whether {@code id} is a device id the API accepts (it goes into URL paths). */
  public static boolean isDeviceId(String id) {
    return DeviceIds.isValid(id);
  }

  public RelayAddress relay() {
    return relay;
  }

  /**
   * {@code POST /v2/inbound} in the binary form: stores the blob in {@code blob}'s remaining bytes
   * under {@code hash} (its SHA-256). A retry sends the same bytes under the same hash, never a new
   * blob; when an attempt's answer was lost and the retry is refused with 409 {@code hash_exists},
   * the lost attempt stored it (the hash covers fresh random padding: nobody else can have stored
   * these bytes), and that is a success.
   *
   * @param ttl the time to live asked for, or null for the plan's default
   * @param device the receiving device named for push, or null
   */
  public StoredBlob upload(ByteBuffer blob, String hash, Duration ttl, String device) {
    requireHash(hash);
    String what = "POST /v2/inbound";
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> {
              Map<String, String> headers = new LinkedHashMap<>();
              headers.put("X-Paramant-Hash", hash);
              if (ttl != null) {
                headers.put("X-Paramant-Ttl-Ms", Long.toString(ttlMillis(ttl)));
              }
              if (device != null) {
                headers.put("X-Paramant-Device", requireDeviceId(device));
              }
              // the blob's SHA-256 is its hash: the DID body line needs no second pass over it
              return asDevice(
                  "POST",
                  "v2/inbound",
                  BLOB_TIMEOUT,
                  "application/octet-stream",
                  headers,
                  hash,
                  Bodies.raw(blob));
            },
            Bodies::bounded);
    if (answer.status() == 200) {
      return read(
          what,
          answer,
          json -> {
            if (!hash.equals(StrictJson.string(json, "hash"))) {
              throw new StrictJson.ShapeException("hash is not the hash sent");
            }
            return new StoredBlob(hash, StrictJson.wholeNumber(json, "ttl_ms"), false);
          });
    }
    if (answer.status() == 409
        && "hash_exists".equals(answer.errorCode())
        && answer.afterNetworkError()) {
      // Stored by the attempt whose answer was lost. Usually still there; if not, the receiver
      // was quicker than this retry (or is downloading it right now): delivered either way.
      status(hash);
      return new StoredBlob(hash, -1, true);
    }
    throw http.refused(what, answer);
  }

  /**
   * {@code GET /v2/outbound/{hash}}: downloads the blob (burning it on the relay) into {@code
   * into}, which is cleared first and flipped after. A download cut off by the network is retried:
   * the relay keeps a blob whose download did not complete.
   *
   * @throws TransferException {@code GONE} if the relay does not have it (404)
   */
  public void download(String hash, ByteBuffer into) {
    requireHash(hash);
    String what = "GET /v2/outbound/" + hash;
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> asDevice("GET", "v2/outbound/" + hash, BLOB_TIMEOUT),
            () -> Bodies.blobOr(into.clear()));
    if (answer.status() == 404) {
      throw new TransferException(TransferException.Reason.GONE, "blob " + hash);
    }
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    into.flip();
  }

  /** {@code GET /v2/status/{hash}}: whether a download would succeed now; never consumes. */
  public boolean status(String hash) {
    requireHash(hash);
    String what = "GET /v2/status/" + hash;
    RelayHttp.Answer answer =
        http.exchange(
            what, () -> asDevice("GET", "v2/status/" + hash, JSON_TIMEOUT), Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(what, answer, json -> StrictJson.bool(json, "available"));
  }

  /**
   * {@code POST /v2/drop}: stores the drop blob in {@code blob}'s remaining bytes under {@code id}.
   * Retried like an upload: 409 {@code drop_exists} after a lost answer is the lost attempt's
   * success (the id comes from 128 random bits).
   */
  public long storeDrop(ByteBuffer blob, String id, Duration ttl) {
    requireHash(id);
    String what = "POST /v2/drop";
    String prefix =
        "{\"id\":\""
            + id
            + "\","
            + (ttl == null ? "" : "\"ttl_ms\":" + ttlMillis(ttl) + ",")
            + "\"payload\":\"";
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () ->
                keyed("v2/drop", BLOB_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(Bodies.base64Json(prefix, blob, "\"}"))
                    .build(),
            Bodies::bounded);
    if (answer.status() == 200) {
      return read(what, answer, json -> StrictJson.wholeNumber(json, "ttl_ms"));
    }
    if (answer.status() == 409
        && "drop_exists".equals(answer.errorCode())
        && answer.afterNetworkError()) {
      return -1;
    }
    throw http.refused(what, answer);
  }

  /**
   * {@code GET /v2/drop/{id}} (no key): picks the drop up (burning it) into {@code into}, cleared
   * first and flipped after. A 429 of the pickup limit is waited out per the retry policy.
   *
   * @throws TransferException {@code GONE} if the relay does not have it (404)
   */
  public void pickupDrop(String id, ByteBuffer into) {
    requireHash(id);
    String what = "GET /v2/drop/" + id.substring(0, 8) + "…";
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> request("v2/drop/" + id, BLOB_TIMEOUT).GET().build(),
            () -> Bodies.blobOr(into.clear()));
    if (answer.status() == 404) {
      throw new TransferException(TransferException.Reason.GONE, "no drop for these words");
    }
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    into.flip();
  }

  /**
   * {@code GET /v2/pubkey/{device_id}}: the answer as it came, for {@code ServedDevice.read}.
   *
   * @throws TransferException {@code UNKNOWN_DEVICE} if the device is not registered (404)
   */
  public byte[] pubkey(String deviceId) {
    String what = "GET /v2/pubkey/" + requireDeviceId(deviceId);
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> keyed("v2/pubkey/" + deviceId, JSON_TIMEOUT).GET().build(),
            Bodies::bounded);
    if (answer.status() == 404) {
      throw new TransferException(TransferException.Reason.UNKNOWN_DEVICE, "device " + deviceId);
    }
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return answer.body();
  }

  /**
   * {@code GET /v2/check-key}: the namespace the relay names for this account, or empty when its
   * answer has none (a relay that does not serve it, or an invalid key). Used only to pin the
   * namespace on first use; the caller checks it is a namespace.
   */
  public Optional<String> accountNamespace() {
    String what = "GET /v2/check-key";
    RelayHttp.Answer answer =
        http.exchange(
            what, () -> keyed("v2/check-key", JSON_TIMEOUT).GET().build(), Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(
        what, answer, json -> Optional.ofNullable(StrictJson.optionalString(json, "namespace")));
  }

  /**
   * {@code GET /v2/pubkey}: the namespace's whole directory (every device with the proof of its
   * registration against one tree head), the answer as it came, for {@code NamespaceDirectory}.
   * Asked for as a whole so that the relay does not learn which sender a receiver looks up.
   */
  public byte[] pubkeys() {
    String what = "GET /v2/pubkey";
    RelayHttp.Answer answer =
        http.exchange(
            what, () -> keyed("v2/pubkey", JSON_TIMEOUT).GET().build(), Bodies::directory);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return answer.body();
  }

  /**
   * {@code POST /v2/pubkey}: registers the keys in lowercase hex. Repeating an identical
   * registration is answered with the first one, so retries are safe.
   */
  public Registration register(String deviceId, PublicKeys keys) {
    String what = "POST /v2/pubkey";
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("device_id", requireDeviceId(deviceId))
            .add("kyber_pub", keys.mlKemHex())
            .add("ecdh_pub", keys.ecdhHex());
    keys.mlDsaHex().ifPresent(dsa -> body.add("dsa_pub", dsa));
    byte[] json = body.build().toString().getBytes(StandardCharsets.UTF_8);
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () ->
                keyed("v2/pubkey", JSON_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build(),
            Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(
        what,
        answer,
        response ->
            new Registration(
                StrictJson.string(response, "device_id"),
                StrictJson.string(response, "fingerprint"),
                StrictJson.wholeNumber(response, "ct_index"),
                StrictJson.bool(response, "hybrid")));
  }

  /**
   * {@code POST /v2/did/register}: binds the DID of {@code keys} (their ML-DSA-65 and P-256 keys,
   * in lowercase hex) to device {@code deviceId}, which must be registered with exactly these keys
   * already. Authenticated twice (docs/did.md): {@code X-Api-Key} names the account, the DID
   * headers prove possession of the ML-DSA-65 key. The same registration again gets the same
   * answer, so retries (each signed anew) are safe.
   *
   * @param namespace the namespace the device is registered in, sent signed as {@code
   *     X-Paramant-Namespace}
   * @return the index of the DID's {@code did} leaf in the relay's log
   * @throws RelayRequestException with the relay's code: {@code not_found} (404, the code of {@code
   *     GET /v2/pubkey/{device_id}} for an unknown device), {@code did_keys_differ} or {@code
   *     did_conflict} (409), or any other refusal
   * @throws IllegalStateException without an API key or a DID signer
   */
  public long registerDid(String deviceId, PublicKeys keys, String namespace) {
    String what = "POST /v2/did/register";
    String dsa =
        keys.mlDsaHex()
            .orElseThrow(() -> new IllegalArgumentException("a DID needs an ML-DSA-65 key"));
    String expected = keys.did().orElseThrow();
    byte[] json =
        Json.createObjectBuilder()
            .add("device_id", requireDeviceId(deviceId))
            .add("ecdh_pub", keys.ecdhHex())
            .add("dsa_pub", dsa)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    String bodySha256 = HEX.formatHex(Digests.sha256(json));
    if (did == null) {
      throw new IllegalStateException("a DID registration needs the device's keys");
    }
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> {
              HttpRequest.Builder request =
                  keyed("v2/did/register", JSON_TIMEOUT)
                      .header("Content-Type", "application/json")
                      .header(NAMESPACE_HEADER, namespace);
              signed(
                  request,
                  "POST",
                  "v2/did/register",
                  bodySha256,
                  "application/json",
                  Map.of(NAMESPACE_HEADER, namespace));
              return request.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
            },
            Bodies::bounded);
    if (answer.status() != 200) {
      throw didRefused(what, answer, deviceId, expected);
    }
    return read(
        what,
        answer,
        response -> {
          if (!expected.equals(StrictJson.string(response, "did"))) {
            throw new StrictJson.ShapeException("did is not the DID of the keys sent");
          }
          return StrictJson.wholeNumber(response, "ct_index");
        });
  }

  /** A refused DID registration, in words for its three expected refusals. */
  private RelayRequestException didRefused(
      String what, RelayHttp.Answer answer, String deviceId, String expected) {
    String code = answer.errorCode();
    String why;
    if (answer.status() == 404 && "not_found".equals(code)) {
      why =
          "device "
              + deviceId
              + " is not registered in this account's namespace (register its keys first)";
    } else if (answer.status() == 409 && "did_keys_differ".equals(code)) {
      why = "device " + deviceId + " is registered with other keys than those of " + expected;
    } else if (answer.status() == 409 && "did_conflict".equals(code)) {
      why =
          expected
              + " is already bound to another device, or to device "
              + deviceId
              + " of another namespace; a DID is never bound again";
    } else {
      return http.refused(what, answer);
    }
    return new RelayRequestException(
        what + " on " + relay + ": HTTP " + answer.status() + " " + code + ": " + why,
        answer.status(),
        code);
  }

  /**
   * {@code GET /v2/did/{did}} (no key): the DID document as it came, for {@code DidDocuments}.
   *
   * @throws TransferException {@code UNKNOWN_DEVICE} if the relay has no such DID (404)
   */
  public byte[] didDocument(String did) {
    String what = "GET /v2/did/" + did;
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () ->
                http.request(
                        "v2/did/" + did, JSON_TIMEOUT, "application/did+json, application/json")
                    .GET()
                    .build(),
            Bodies::bounded);
    if (answer.status() == 404) {
      throw new TransferException(
          TransferException.Reason.UNKNOWN_DEVICE, "no DID " + did + " on " + relay);
    }
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return answer.body();
  }

  /**
   * The relay's answer to {@code POST /v2/notary} (docs/notary.md), read strictly; nothing in it is
   * verified yet.
   */
  public record Notarised(
      long ctIndex,
      long insertedAtMillis,
      String leafHash,
      String sector,
      String namespace,
      String deviceId,
      String fingerprint,
      String binding) {}

  /**
   * {@code POST /v2/notary} (a device acts: the API key, or the DID headers with DID
   * authentication): logs the device's signature over a document's SHA-256. A retry after a lost
   * answer may log the document a second time, which is harmless (the receipt names one leaf).
   *
   * @param documentSha256 lowercase hex
   * @param signature base64url without padding
   * @throws RelayRequestException with the relay's code ({@code invalid_signature}, {@code
   *     signed_at_out_of_window}, {@code device_cannot_sign}, {@code not_found}, ...)
   */
  public Notarised notarise(
      String deviceId, String documentSha256, long signedAtMillis, String signature) {
    String what = "POST /v2/notary";
    byte[] json =
        Json.createObjectBuilder()
            .add("device_id", requireDeviceId(deviceId))
            .add("document_sha256", requireHash(documentSha256))
            .add("signed_at_ms", signedAtMillis)
            .add("signature", signature)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    String bodySha256 = HEX.formatHex(Digests.sha256(json));
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () ->
                asDevice(
                    "POST",
                    "v2/notary",
                    JSON_TIMEOUT,
                    "application/json",
                    Map.of(),
                    bodySha256,
                    HttpRequest.BodyPublishers.ofByteArray(json)),
            Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(
        what,
        answer,
        response -> {
          if (!StrictJson.bool(response, "ok")) {
            throw new StrictJson.ShapeException("ok is not true");
          }
          return new Notarised(
              StrictJson.wholeNumber(response, "ct_index"),
              StrictJson.wholeNumber(response, "inserted_at"),
              HEX.formatHex(StrictJson.hex(response, "leaf_hash", 32)),
              StrictJson.string(response, "sector"),
              StrictJson.string(response, "namespace"),
              StrictJson.string(response, "device_id"),
              HEX.formatHex(StrictJson.hex(response, "fingerprint", 32)),
              HEX.formatHex(StrictJson.hex(response, "binding", 32)));
        });
  }

  /** {@code POST /v2/ws-ticket}: a one-time ticket for {@link #streamUri}. */
  public String wsTicket() {
    String what = "POST /v2/ws-ticket";
    RelayHttp.Answer answer =
        http.exchange(what, () -> asDevice("POST", "v2/ws-ticket", JSON_TIMEOUT), Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(what, answer, json -> StrictJson.string(json, "ticket"));
  }

  /** {@code ws://} (or {@code wss://}) {@code .../v2/stream?ticket=...[&device=...]}. */
  public URI streamUri(String ticket, String device) {
    URI base = relay.resolve("v2/stream");
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(
        scheme
            + base.toString().substring(base.getScheme().length())
            + "?ticket="
            + URLEncoder.encode(ticket, StandardCharsets.UTF_8)
            + (device == null ? "" : "&device=" + requireDeviceId(device)));
  }

  /**
   * {@code POST /v2/ack}, once, in the background, failures ignored: a delivery confirmation is for
   * the sender's statistics and must never fail or slow down a receive.
   */
  public void acknowledge(String hash, String device) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("hash", requireHash(hash));
    if (device != null && isDeviceId(device)) {
      body.add("device_id", device);
    }
    byte[] json = body.build().toString().getBytes(StandardCharsets.UTF_8);
    http.sendOnceIgnoringOutcome(
        asDevice(
            "POST",
            "v2/ack",
            JSON_TIMEOUT,
            "application/json",
            Map.of(),
            HEX.formatHex(Digests.sha256(json)),
            HttpRequest.BodyPublishers.ofByteArray(json)));
  }

  /** The most bytes of one JSON page of {@code GET /v2/audit} this client asks for. */
  static final int AUDIT_PAGE_LIMIT = 16 << 20;

  /**
   * {@code GET /v2/audit?after_seq=&limit=}: one JSON page of this account's audit chain, the
   * answer as it came; authenticated as the device's own requests are (API key or DID).
   */
  public byte[] auditPage(long afterSeq, int limit) {
    String path = "v2/audit?after_seq=" + afterSeq + "&limit=" + limit;
    String what = "GET /" + path;
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> asDevice("GET", path, JSON_TIMEOUT),
            () -> Bodies.bounded(AUDIT_PAGE_LIMIT));
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return answer.body();
  }

  /**
   * {@code GET /v2/audit?format=csv}: this account's audit chain as CSV, streamed to {@code out} as
   * it arrives. A request that fails before any byte reached {@code out} is retried; once bytes
   * were written it is not (they would be written twice).
   *
   * @return how many bytes were written
   * @throws java.io.UncheckedIOException if {@code out} cannot be written
   */
  public long auditCsv(java.io.OutputStream out) {
    String path = "v2/audit?format=csv";
    String what = "GET /" + path;
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicReference<java.io.IOException> writeFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    RelayHttp.Answer answer =
        http.exchange(
            what,
            () -> {
              if (writeFailure.get() != null) {
                throw new java.io.UncheckedIOException(writeFailure.get());
              }
              if (written.get() > 0) {
                throw new RelayRequestException(
                    what + " on " + relay + ": cut off after " + written.get() + " bytes", null);
              }
              return asDevice("GET", path, BLOB_TIMEOUT, "text/csv");
            },
            () ->
                info ->
                    info.statusCode() == 200
                        ? java.net.http.HttpResponse.BodySubscribers.mapping(
                            java.net.http.HttpResponse.BodySubscribers.ofByteArrayConsumer(
                                chunk ->
                                    chunk.ifPresent(
                                        bytes -> {
                                          if (writeFailure.get() != null) {
                                            return;
                                          }
                                          try {
                                            out.write(bytes);
                                            written.addAndGet(bytes.length);
                                          } catch (java.io.IOException e) {
                                            writeFailure.set(e);
                                          }
                                        })),
                            ignored -> new byte[0])
                        : Bodies.bounded().apply(info));
    if (writeFailure.get() != null) {
      throw new java.io.UncheckedIOException(writeFailure.get());
    }
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return written.get();
  }

  /** {@code GET /health} (no key). */
  public Health health() {
    String what = "GET /health";
    RelayHttp.Answer answer =
        http.exchange(what, () -> request("health", JSON_TIMEOUT).GET().build(), Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(
        what,
        answer,
        json ->
            new Health(
                printable(StrictJson.string(json, "version")),
                printable(StrictJson.string(json, "sector")),
                printable(StrictJson.string(json, "edition")),
                StrictJson.wholeNumber(json, "uptime_s")));
  }

  /**
   * {@code GET /v2/relays} (no key): the sector relays of the relay's deployment, in its order.
   * Texts are made printable; an answer of another shape is {@code MALFORMED_RESPONSE}.
   */
  public List<RelayNode> relays() {
    String what = "GET /v2/relays";
    RelayHttp.Answer answer =
        http.exchange(
            what, () -> request("v2/relays", JSON_TIMEOUT).GET().build(), Bodies::bounded);
    if (answer.status() != 200) {
      throw http.refused(what, answer);
    }
    return read(
        what,
        answer,
        json -> {
          List<RelayNode> nodes = new ArrayList<>();
          for (JsonValue value : StrictJson.array(json, "relays")) {
            if (!(value instanceof JsonObject node)) {
              throw new StrictJson.ShapeException("relays holds something other than objects");
            }
            String status = StrictJson.string(node, "status");
            if (!status.equals("up") && !status.equals("down")) {
              throw new StrictJson.ShapeException("status is neither up nor down");
            }
            JsonValue latency = node.get("latency_ms");
            nodes.add(
                new RelayNode(
                    printable(StrictJson.string(node, "sector")),
                    printableOrNull(StrictJson.optionalString(node, "url")),
                    StrictJson.bool(node, "self"),
                    status.equals("up"),
                    printableOrNull(StrictJson.optionalString(node, "version")),
                    printableOrNull(StrictJson.optionalString(node, "edition")),
                    latency == null || latency == JsonValue.NULL
                        ? null
                        : StrictJson.wholeNumber(node, "latency_ms")));
          }
          return List.copyOf(nodes);
        });
  }

  // ------------------------------------------------------------------------------------------------

  private HttpRequest.Builder request(String path, Duration timeout) {
    return http.request(
        path,
        timeout,
        path.startsWith("v2/outbound") || path.startsWith("v2/drop/")
            ? "application/octet-stream, application/json"
            : "application/json");
  }

  /**
   * A request without a body on a route where a device acts; see {@link #asDevice}. With DID
   * authentication it carries {@code X-DID-Body-SHA256} of nothing, which docs/did.md allows on a
   * request without a body: Java 17's HTTP client sends {@code Content-Length: 0} even on a GET
   * (JDK-8283544), which a relay may count as a body.
   */
  private HttpRequest asDevice(String method, String path, Duration timeout) {
    return asDevice(method, path, timeout, null);
  }

  /** {@link #asDevice(String, String, Duration)} with its own Accept header (null: the default). */
  private HttpRequest asDevice(String method, String path, Duration timeout, String accept) {
    HttpRequest.Builder request = devicesByDid ? request(path, timeout) : keyed(path, timeout);
    if (accept != null) {
      request.setHeader("Accept", accept);
    }
    if (devicesByDid) {
      signed(request, method, path, DidAuth.EMPTY_BODY_SHA256, null, Map.of());
    }
    return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
  }

  /**
   * A request on a route where a device acts, authenticated by the DID headers or the API key.
   * Built anew for every attempt, so that a retry is signed with a fresh nonce and timestamp.
   *
   * @param contentType the Content-Type, or null for none
   * @param paramantHeaders the {@code X-Paramant-*} headers, signed with DID authentication
   * @param bodySha256 lowercase hex SHA-256 of the body, or null for a request without one
   */
  private HttpRequest asDevice(
      String method,
      String path,
      Duration timeout,
      String contentType,
      Map<String, String> paramantHeaders,
      String bodySha256,
      HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = devicesByDid ? request(path, timeout) : keyed(path, timeout);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    paramantHeaders.forEach(request::header);
    if (devicesByDid) {
      signed(request, method, path, bodySha256, contentType, paramantHeaders);
    }
    return request.method(method, body).build();
  }

  /** Adds the DID headers of a request to {@code path} to {@code request}. */
  private void signed(
      HttpRequest.Builder request,
      String method,
      String path,
      String bodySha256,
      String contentType,
      Map<String, String> paramantHeaders) {
    if (did == null) {
      throw new IllegalStateException("this route needs the device's keys (DID authentication)");
    }
    did.headers(method, relay.resolve(path), bodySha256, contentType, paramantHeaders)
        .forEach(request::header);
  }

  private HttpRequest.Builder keyed(String path, Duration timeout) {
    if (apiKey == null) {
      // the path is a route, never a secret
      throw new IllegalStateException("/" + path + " needs the account's API key");
    }
    return request(path, timeout).header("X-Api-Key", apiKey);
  }

  private <T> T read(
      String what, RelayHttp.Answer answer, java.util.function.Function<JsonObject, T> reader) {
    try {
      return reader.apply(StrictJson.parse(answer.body()));
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(MALFORMED_RESPONSE, what + ": " + e.getMessage());
    }
  }

  private static long ttlMillis(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a time to live is positive");
    }
    try {
      return ttl.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String requireHash(String hash) {
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("a blob hash or drop id is 64 lowercase hex digits");
    }
    return hash;
  }

  private static String requireDeviceId(String id) {
    if (!isDeviceId(id)) {
      throw new IllegalArgumentException(
          "a device id is 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }

  private static String printableOrNull(String text) {
    return text == null ? null : printable(text);
  }

  private static String printable(String text) {
    return RelayHttp.printable(text);
  }
}
