package io.paramant.client.internal.witness;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;
import static io.paramant.client.LogVerificationException.Reason.WITNESS_KEY_CHANGED;

import io.paramant.client.LogVerificationException;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.client.internal.pins.PinDirectory;
import io.paramant.client.internal.pins.PinFile;
import io.paramant.client.internal.relay.Bodies;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The keys of the witnesses a client is configured with, pinned from the witnesses themselves
 * (never from the log that wants to be cosigned): {@code GET <witness>/v2/witness} answers {@code
 * {"witness_key_id","public_key","algorithm":"ML-DSA-65","url"}}; the key id must be the SHA3-256
 * of the public key and, if the client was given a key id for the witness, that id. The key is
 * pinned in {@code <state>/pins/witness-<url>.json} on first use and never asked for again; a key
 * id given later that is not the pinned one is a hard error ({@code WITNESS_KEY_CHANGED}), and a
 * witness that changed its key no longer counts towards the quorum until its pin is deleted.
 * Thread-safe.
 */
public final class WitnessKeys {

  private static final String FORMAT = "paramant/witness-pin/v1";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int KEY_ID_LENGTH = 32;
  private static final int PUBLIC_KEY_LENGTH = 1952;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * A witness as configured.
   *
   * @param keyId lowercase hex, or null to trust the witness's key on first use
   */
  public record Configured(RelayAddress url, String keyId) {}

  private final Path directory;
  private final RelayHttp http;
  private final Map<RelayAddress, PinnedWitness> pinned = new ConcurrentHashMap<>();
  private final BiConsumer<URI, String> firstUse;

  /**
   * @param http the client's HTTP layer (its client and retry policy are used for the witnesses)
   * @param firstUse told a witness's URL and key id once, when its key was fetched and pinned
   *     without a key id given for it (trust on first use)
   */
  public WitnessKeys(Path stateDirectory, RelayHttp http, BiConsumer<URI, String> firstUse) {
    this.directory = stateDirectory.resolve(PinDirectory.NAME);
    this.http = http;
    this.firstUse = firstUse;
  }

  /**
   * The witness's pinned key: from its pin file, or fetched from the witness and pinned.
   *
   * @throws LogVerificationException {@code WITNESS_KEY_CHANGED} if the pinned or served key is not
   *     the given key id; {@code MALFORMED_RESPONSE} if the witness's answer is not a key document
   *     or its key id is not its key's hash
   * @throws io.paramant.client.RelayRequestException if the witness cannot be asked
   * @throws io.paramant.client.LogStateException if the pin cannot be read or written
   */
  public PinnedWitness pinned(Configured witness) {
    PinnedWitness known = pinned.get(witness.url());
    if (known == null) {
      known = loadOrFetch(witness);
      pinned.put(witness.url(), known);
    }
    if (witness.keyId() != null && !witness.keyId().equals(known.keyId())) {
      throw new LogVerificationException(
          WITNESS_KEY_CHANGED,
          "the witness at "
              + witness.url()
              + " has pinned key "
              + known.keyId()
              + ", not the given key "
              + witness.keyId()
              + "; if the witness announced that new key, delete "
              + fileOf(witness.url()).path()
              + " to pin it");
    }
    return known;
  }

  /**
   * The witness's key from its pin file only (no request: an offline check of a receipt), or empty
   * if none is pinned.
   *
   * @throws LogVerificationException {@code WITNESS_KEY_CHANGED} if the pinned key is not the given
   *     key id
   * @throws io.paramant.client.LogStateException if the pin cannot be read
   */
  public Optional<PinnedWitness> pinnedOffline(Configured witness) {
    PinFile file = fileOf(witness.url());
    Optional<JsonObject> json = file.load();
    if (json.isEmpty()) {
      return Optional.empty();
    }
    PinnedWitness known = read(witness.url(), file, json.get());
    if (witness.keyId() != null && !witness.keyId().equals(known.keyId())) {
      throw new LogVerificationException(
          WITNESS_KEY_CHANGED,
          "the witness at "
              + witness.url()
              + " has pinned key "
              + known.keyId()
              + ", not the given key "
              + witness.keyId());
    }
    return Optional.of(known);
  }

  private PinnedWitness loadOrFetch(Configured witness) {
    RelayAddress url = witness.url();
    PinFile file = fileOf(url);
    JsonObject json =
        file.load()
            .orElseGet(
                () -> {
                  PinnedWitness served = fetch(url);
                  if (witness.keyId() != null && !witness.keyId().equals(served.keyId())) {
                    throw new LogVerificationException(
                        WITNESS_KEY_CHANGED,
                        "the witness at "
                            + url
                            + " serves key "
                            + served.keyId()
                            + ", not the given key "
                            + witness.keyId());
                  }
                  Map<String, String> members = new LinkedHashMap<>();
                  members.put("url", url.toString());
                  members.put("witness_key_id", served.keyId());
                  members.put("public_key", HEX.formatHex(served.publicKey()));
                  JsonObject created = file.create(members);
                  if (witness.keyId() == null
                      && served.keyId().equals(created.getString("witness_key_id", null))) {
                    firstUse.accept(url.uri(), served.keyId());
                  }
                  return created;
                });
    return read(url, file, json);
  }

  private static PinnedWitness read(RelayAddress url, PinFile file, JsonObject json) {
    try {
      if (!url.toString().equals(StrictJson.string(json, "url"))) {
        throw new StrictJson.ShapeException("it records another witness than " + url);
      }
      byte[] key = StrictJson.hex(json, "public_key", PUBLIC_KEY_LENGTH);
      String keyId = HEX.formatHex(StrictJson.hex(json, "witness_key_id", KEY_ID_LENGTH));
      if (!SignedTreeHead.keyId(key).equals(keyId)) {
        throw new StrictJson.ShapeException("witness_key_id is not the hash of public_key");
      }
      return new PinnedWitness(url, keyId, key);
    } catch (StrictJson.ShapeException e) {
      throw file.damaged(e.getMessage());
    }
  }

  /** {@code GET <witness>/v2/witness}, checked. */
  private PinnedWitness fetch(RelayAddress url) {
    RelayHttp witness = http.at(url);
    String what = "GET /v2/witness";
    RelayHttp.Answer answer =
        witness.exchange(
            what,
            () -> witness.request("v2/witness", REQUEST_TIMEOUT, "application/json").GET().build(),
            Bodies::bounded);
    if (answer.status() != 200) {
      throw witness.refused(what, answer);
    }
    try {
      JsonObject json = StrictJson.parse(answer.body());
      if (!SignedTreeHead.ALGORITHM.equals(StrictJson.string(json, "algorithm"))) {
        throw new StrictJson.ShapeException("algorithm is not " + SignedTreeHead.ALGORITHM);
      }
      byte[] key = StrictJson.hex(json, "public_key", PUBLIC_KEY_LENGTH);
      String keyId = HEX.formatHex(StrictJson.hex(json, "witness_key_id", KEY_ID_LENGTH));
      if (!SignedTreeHead.keyId(key).equals(keyId)) {
        throw new StrictJson.ShapeException("witness_key_id is not the hash of public_key");
      }
      return new PinnedWitness(url, keyId, key);
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, what + " on " + url + ": " + e.getMessage());
    }
  }

  private PinFile fileOf(RelayAddress url) {
    return new PinFile(directory.resolve("witness-" + url.fileName()), FORMAT);
  }
}
