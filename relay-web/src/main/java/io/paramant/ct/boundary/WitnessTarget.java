package io.paramant.ct.boundary;

import io.paramant.accounts.JsonText;
import io.paramant.ct.ejb.ConfiguredKey;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.ct.witness.InvalidCosignatureException;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * One witness this log submits to, and what the log knows of it: its public key (fetched once from
 * {@code GET /v2/witness} and checked against the configured key), the size it last cosigned (from
 * its answers: a cosignature, or 409 {@code stale} with its size), its newest cosignature, and its
 * current problem, which is logged only when it changes. Submitted to by one thread at a time
 * ({@link #claim}, {@link #release}); {@link #due} and {@link #describe} may read from others.
 */
final class WitnessTarget {

  private static final System.Logger LOG = System.getLogger(WitnessTarget.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final Optional<ConfiguredKey> configuredKey;
  private final String origin;
  private final HttpClient http;
  private final Jsonb json;

  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile byte[] publicKey;
  private volatile long cosignedSize = -1;
  private volatile long cosignedAt;
  private volatile long receivedAt; // this relay's clock, for the refresh interval
  private volatile long nextAttemptAt;
  private long knownSize;
  private int failures;
  private String problem = "";

  WitnessTarget(
      URI url, Optional<ConfiguredKey> configuredKey, String origin, HttpClient http, Jsonb json) {
    this.url = url;
    this.configuredKey = configuredKey;
    this.origin = origin;
    this.http = http;
    this.json = json;
  }

  /**
   * Whether the log's head of {@code size} should go to this witness now: it has not cosigned that
   * size, or its newest cosignature came {@code refreshMillis} ago; not before a failed attempt's
   * pause is over.
   */
  boolean due(long size, long now, long refreshMillis) {
    return now >= nextAttemptAt && (cosignedSize != size || now - receivedAt >= refreshMillis);
  }

  /** Takes the right to submit; false while another submission to this witness is in flight. */
  boolean claim() {
    return inFlight.compareAndSet(false, true);
  }

  /** Gives back the right {@link #claim} took. */
  void release() {
    inFlight.set(false);
  }

  /**
   * Submits {@code head} (served as {@code served}); on 409 {@code stale} once more with a proof
   * from the size the witness names. The cosignature, verified, or empty after a failure (logged if
   * it is a new kind of failure).
   */
  Optional<Cosignature> submit(
      SignedTreeHead head,
      LogResource.TreeHead served,
      LongFunction<List<byte[]>> proofFrom,
      long refreshMillis,
      long pollMillis) {
    long now = System.currentTimeMillis();
    try {
      byte[] key = publicKey();
      for (int attempt = 0; attempt < 2; attempt++) {
        if (knownSize > head.treeSize()) {
          return failed(
              "it has cosigned size " + knownSize + ", more than this log has",
              now,
              refreshMillis,
              pollMillis);
        }
        List<byte[]> proof =
            knownSize > 0 && knownSize < head.treeSize() ? proofFrom.apply(knownSize) : List.of();
        // {"sth","consistency_proof","from_size"}; the served head as GET /v2/ct/sth has it
        String body =
            "{\"sth\":"
                + json.toJson(served)
                + ",\"consistency_proof\":"
                + json.toJson(proof.stream().map(HEX::formatHex).toList())
                + ",\"from_size\":"
                + knownSize
                + "}";
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(url.resolve("/v2/witness/cosign"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject answer = object(response.body());
        if (response.statusCode() == 200) {
          Cosignature cosignature = cosignature(answer, key);
          cosignature.verify(key, origin, head);
          boolean first = cosignedSize < 0;
          knownSize = head.treeSize();
          cosignedSize = head.treeSize();
          cosignedAt = cosignature.cosignedAtMillis();
          receivedAt = System.currentTimeMillis();
          recovered(first);
          return Optional.of(cosignature);
        }
        if (response.statusCode() == 409 && "stale".equals(text(answer, "error"))) {
          knownSize = number(answer, "size");
          continue;
        }
        return failed(
            "it answered " + response.statusCode() + " " + text(answer, "error"),
            now,
            refreshMillis,
            pollMillis);
      }
      return failed("it answered stale twice", now, refreshMillis, pollMillis);
    } catch (IOException e) {
      return failed(
          "it cannot be reached (" + e.getClass().getSimpleName() + ")",
          now,
          refreshMillis,
          pollMillis);
    } catch (InvalidCosignatureException e) {
      return failed("its cosignature does not verify", now, refreshMillis, pollMillis);
    } catch (WrongWitnessKeyException
        | IllegalArgumentException
        | IllegalStateException
        | UncheckedIOException
        | JsonException e) {
      return failed(e.getMessage(), now, refreshMillis, pollMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (RuntimeException e) {
      // a defect, not the witness's answer: logged with its trace once, retried with the pause
      if (!problem.startsWith("unexpected")) {
        LOG.log(Level.ERROR, "Submitting to witness " + url + " failed unexpectedly", e);
      }
      return failed("unexpected " + e.getClass().getSimpleName(), now, refreshMillis, pollMillis);
    }
  }

  /** The informational entry of GET /v2/ct/witnesses. */
  LogResource.WitnessJson describe() {
    byte[] key = publicKey;
    return new LogResource.WitnessJson(
        url.toString(),
        key != null
            ? SignedTreeHead.keyId(key)
            : configuredKey.flatMap(ConfiguredKey::keyId).orElse(null),
        key != null ? HEX.formatHex(key) : null,
        SignedTreeHead.ALGORITHM,
        Math.max(cosignedSize, 0),
        cosignedAt);
  }

  /** The witness's key: fetched once and checked against the configured key or key id. */
  private byte[] publicKey() throws IOException, InterruptedException {
    if (publicKey != null) {
      return publicKey;
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url.resolve("/v2/witness")).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new WrongWitnessKeyException("GET /v2/witness answered " + response.statusCode());
    }
    byte[] served = HEX.parseHex(text(object(response.body()), "public_key"));
    String servedKeyId = SignedTreeHead.keyId(served);
    if (configuredKey.isPresent()) {
      Optional<byte[]> expectedKey = configuredKey.get().publicKey();
      Optional<String> expectedKeyId = configuredKey.get().keyId();
      if (expectedKeyId.isEmpty()) {
        throw new WrongWitnessKeyException("its configured key file does not exist yet");
      }
      if (!expectedKeyId.get().equals(servedKeyId)
          || expectedKey.filter(k -> !Arrays.equals(k, served)).isPresent()) {
        throw new WrongWitnessKeyException(
            "it serves key id " + servedKeyId + ", not the configured " + expectedKeyId.get());
      }
    } else {
      LOG.log(
          Level.INFO,
          "Witness {0}: no key configured; using the key it serves, key id {1}",
          url,
          servedKeyId);
    }
    publicKey = served;
    return served;
  }

  private Cosignature cosignature(JsonObject answer, byte[] key) {
    String keyId = text(answer, "witness_key_id");
    if (!SignedTreeHead.keyId(key).equals(keyId)) {
      throw new InvalidCosignatureException("the cosignature names another witness key");
    }
    return new Cosignature(
        keyId,
        url.toString(),
        number(answer, "cosigned_at"),
        HEX.parseHex(text(answer, "signature")));
  }

  private Optional<Cosignature> failed(
      String reason, long now, long refreshMillis, long pollMillis) {
    failures = Math.min(failures + 1, 20);
    nextAttemptAt = now + Math.min(refreshMillis, pollMillis << Math.min(failures, 10));
    if (!reason.equals(problem)) {
      problem = reason;
      LOG.log(Level.WARNING, "Witness {0} does not cosign this log: {1}", url, reason);
    }
    return Optional.empty();
  }

  private void recovered(boolean first) {
    if (!problem.isEmpty() || first) {
      LOG.log(Level.INFO, "Witness {0} cosigns this log (size {1})", url, cosignedSize);
    }
    problem = "";
    failures = 0;
    nextAttemptAt = 0;
  }

  private static JsonObject object(String body) {
    try {
      return JsonText.object(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (JsonText.Malformed e) {
      throw new JsonException("it answered something other than a JSON object");
    }
  }

  private static String text(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (!(value instanceof JsonString text)) {
      throw new JsonException("its answer has no string " + field);
    }
    return text.getString();
  }

  private static long number(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw new JsonException("its answer has no whole number " + field);
    }
    return number.longValue();
  }

  /** The witness serves another key than its operator was told, or none. */
  private static final class WrongWitnessKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongWitnessKeyException(String message) {
      super(message);
    }
  }
}
