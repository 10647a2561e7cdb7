package io.paramant.client.internal.pins;

import static io.paramant.client.LogVerificationException.Reason.NOT_HOME_LOG;

import io.paramant.client.LogVerificationException;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The home log of each namespace (PROTOCOL.md, "What a client pins"): the log of the sector the
 * namespace's devices are registered in, as the log's key id and the sector name, with the relay
 * URL it was first seen at. Pinned on first use (the first verified key lookup, normally the
 * device's own registration) in {@code <state>/pins/home-log-<namespace>.json}; afterwards a key is
 * accepted only from a leaf of that log and sector.
 *
 * <p>Decision: the log is identified by its key id and sector, not by the URL: the same log reached
 * under another URL (a proxy, a renamed host) is still that log, and another log, even at the same
 * URL, has another key. The URL is kept for the messages. Thread-safe.
 */
public final class HomeLogPin {

  private static final String FORMAT = "paramant/home-log/v1";

  /** The pinned home log. */
  public record HomeLog(String namespace, String relay, String keyId, String sector) {}

  private final Path directory;
  private final Map<String, HomeLog> known = new ConcurrentHashMap<>();

  public HomeLogPin(Path stateDirectory) {
    this.directory = stateDirectory.resolve(PinDirectory.NAME);
  }

  /**
   * Requires that a key of {@code namespace} served from the log with key id {@code keyId}, in a
   * leaf of {@code sector}, comes from the namespace's home log. Nothing is written: with no home
   * log pinned yet, any log passes, and {@link #pin} pins it once the lookup checked out.
   *
   * @throws LogVerificationException {@code NOT_HOME_LOG} otherwise
   * @throws io.paramant.client.LogStateException if the pin cannot be read
   */
  public void require(String namespace, RelayAddress relay, String keyId, String sector) {
    pinned(namespace).ifPresent(home -> check(home, relay, keyId, sector));
  }

  /**
   * The pinned home log of {@code namespace}, if any.
   *
   * @throws io.paramant.client.LogStateException if the pin cannot be read
   */
  public java.util.Optional<HomeLog> pinned(String namespace) {
    HomeLog home = known.get(namespace);
    if (home == null) {
      PinFile file = fileOf(namespace);
      home = file.load().map(json -> read(file, namespace, json)).orElse(null);
      if (home == null) {
        return java.util.Optional.empty();
      }
      known.put(namespace, home);
    }
    return java.util.Optional.of(home);
  }

  /**
   * Pins the log with {@code keyId} and {@code sector} as the home log of {@code namespace}, unless
   * one is pinned (which must then be that log).
   *
   * @throws LogVerificationException {@code NOT_HOME_LOG} if another process pinned another log
   * @throws io.paramant.client.LogStateException if the pin cannot be written
   */
  public void pin(String namespace, RelayAddress relay, String keyId, String sector) {
    if (!known.containsKey(namespace)) {
      PinFile file = fileOf(namespace);
      Map<String, String> members = new LinkedHashMap<>();
      members.put("namespace", namespace);
      members.put("relay", relay.toString());
      members.put("key_id", keyId);
      members.put("sector", sector);
      known.put(namespace, read(file, namespace, file.create(members)));
    }
    check(known.get(namespace), relay, keyId, sector);
  }

  private static void check(HomeLog home, RelayAddress relay, String keyId, String sector) {
    String namespace = home.namespace();
    if (!home.keyId().equals(keyId)) {
      throw new LogVerificationException(
          NOT_HOME_LOG,
          "the key comes from the log with key id "
              + keyId
              + " at "
              + relay
              + ", but the home log of "
              + namespace
              + " is the log with key id "
              + home.keyId()
              + " (first seen at "
              + home.relay()
              + ")");
    }
    if (!home.sector().equals(sector)) {
      throw new LogVerificationException(
          NOT_HOME_LOG,
          "the key's leaf names sector "
              + sector
              + ", but the home log of "
              + namespace
              + " is that of sector "
              + home.sector());
    }
  }

  private static HomeLog read(PinFile file, String namespace, JsonObject json) {
    try {
      if (!namespace.equals(StrictJson.string(json, "namespace"))) {
        throw new StrictJson.ShapeException("it records another namespace than " + namespace);
      }
      return new HomeLog(
          namespace,
          StrictJson.string(json, "relay"),
          StrictJson.string(json, "key_id"),
          StrictJson.string(json, "sector"));
    } catch (StrictJson.ShapeException e) {
      throw file.damaged(e.getMessage());
    }
  }

  /**
   * The file of {@code namespace}'s pin: the readable name, and a short hash of the exact name so
   * that names differing only in case or punctuation get files of their own.
   */
  public Path pathOf(String namespace) {
    return fileOf(namespace).path();
  }

  private PinFile fileOf(String namespace) {
    String name = namespace.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
    String tag;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(StandardCharsets.UTF_8));
      tag = HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new PinFile(directory.resolve("home-log-" + name + "-" + tag + ".json"), FORMAT);
  }
}
