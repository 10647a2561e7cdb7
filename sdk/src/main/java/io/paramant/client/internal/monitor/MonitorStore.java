package io.paramant.client.internal.monitor;

import io.paramant.client.KeySubstitution;
import io.paramant.client.LogStateException;
import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.client.internal.storage.PrivateFiles;
import io.paramant.ct.SectorLog;
import io.paramant.ct.merkle.CompactRange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's state files: {@code <state>/key-monitor/<name>.json}, {@code name} the SHA3-256 of
 * the log key id, namespace and device id (so that each log, namespace and device has its own), in
 * the form
 *
 * <pre>{@code
 * {"format": "paramant/key-monitor/v1", "log_key_id", "namespace", "device_id",
 *  "tree_size", "root_hash", "subtrees": [hex, ...],
 *  "substitutions": [{"kind", "leaf_index", "sector", "inserted_at", "fingerprint"}]}
 * }</pre>
 *
 * Owner-only like every state file of the client; replaced atomically ({@link
 * PrivateFiles#replace}); a file that does not parse, or whose frontier does not fold to its root,
 * is reported, never overwritten: starting over would silently re-trust the relay.
 */
final class MonitorStore {

  static final String DIRECTORY = "key-monitor";

  private static final String FORMAT = "paramant/key-monitor/v1";
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonGeneratorFactory GENERATORS =
      Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  private final Path directory;

  MonitorStore(Path stateDirectory) {
    this.directory = stateDirectory.resolve(DIRECTORY);
  }

  /** The file of this log, namespace and device. */
  Path fileOf(String logKeyId, String namespace, String deviceId) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (String part : new String[] {logKeyId, namespace, deviceId}) {
        sha3.update(part.getBytes(StandardCharsets.UTF_8));
        sha3.update((byte) 0);
      }
      return directory.resolve(HEX.formatHex(sha3.digest()) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA3-256", e);
    }
  }

  /**
   * The state of this log, namespace and device, or empty before the first scan.
   *
   * @throws LogStateException if the file cannot be read, others can access it, or it is damaged
   */
  Optional<MonitorState> load(String logKeyId, String namespace, String deviceId) {
    Path file = fileOf(logKeyId, namespace, deviceId);
    byte[] content;
    try {
      if (!PrivateFiles.isOwnerOnly(file)) {
        throw new LogStateException(
            file + " is accessible to other users; make it rw------- (chmod 600) if it is yours");
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LogStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonObject json = StrictJson.parse(content);
      if (!FORMAT.equals(StrictJson.string(json, "format"))
          || !logKeyId.equals(StrictJson.string(json, "log_key_id"))
          || !namespace.equals(StrictJson.string(json, "namespace"))
          || !deviceId.equals(StrictJson.string(json, "device_id"))) {
        throw new StrictJson.ShapeException("it is not the monitor state of this log and device");
      }
      long size = StrictJson.wholeNumber(json, "tree_size");
      CompactRange range =
          CompactRange.of(
              SectorLog.HASHER, size, StrictJson.hexArray(json, "subtrees", HASH_LENGTH));
      if (!range.hasRoot(StrictJson.hex(json, "root_hash", HASH_LENGTH))) {
        throw new StrictJson.ShapeException("its subtrees do not fold to its root");
      }
      List<KeySubstitution> found = new ArrayList<>();
      for (JsonValue value : StrictJson.array(json, "substitutions")) {
        if (!(value instanceof JsonObject finding)) {
          throw new StrictJson.ShapeException("substitutions holds something other than objects");
        }
        found.add(substitution(finding));
      }
      return Optional.of(new MonitorState(logKeyId, namespace, deviceId, range, found));
    } catch (StrictJson.ShapeException | IllegalArgumentException e) {
      throw new LogStateException(
          file
              + " is damaged ("
              + e.getMessage()
              + "). Restore it from a backup, or delete it to scan the log again from index 0",
          e);
    }
  }

  /**
   * Replaces the state file atomically.
   *
   * @throws LogStateException if it cannot be written; the previous file is then unchanged
   */
  void save(MonitorState state) {
    Path file = fileOf(state.logKeyId(), state.namespace(), state.deviceId());
    try {
      PrivateFiles.replace(file, encode(state));
    } catch (IOException e) {
      throw new LogStateException("cannot store the monitor state in " + file + ": " + e, e);
    }
  }

  private static final int HASH_LENGTH = 32;

  private static KeySubstitution substitution(JsonObject json) {
    long index = json.containsKey("leaf_index") ? StrictJson.wholeNumber(json, "leaf_index") : -1;
    Long at = json.containsKey("inserted_at") ? StrictJson.wholeNumber(json, "inserted_at") : null;
    byte[] fingerprint = StrictJson.optionalHex(json, "fingerprint", HASH_LENGTH);
    return new KeySubstitution(
        KeySubstitution.Kind.ofWireName(StrictJson.string(json, "kind")),
        index,
        StrictJson.optionalString(json, "sector"),
        at != null ? Instant.ofEpochMilli(at) : null,
        fingerprint != null ? HEX.formatHex(fingerprint) : null);
  }

  private static byte[] encode(MonitorState state) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = GENERATORS.createGenerator(text)) {
      json.writeStartObject()
          .write("format", FORMAT)
          .write("log_key_id", state.logKeyId())
          .write("namespace", state.namespace())
          .write("device_id", state.deviceId())
          .write("tree_size", state.range().size())
          .write("root_hash", HEX.formatHex(state.range().rootHash()))
          .writeStartArray("subtrees");
      state.range().subtrees().forEach(hash -> json.write(HEX.formatHex(hash)));
      json.writeEnd().writeStartArray("substitutions");
      for (KeySubstitution found : state.substitutions()) {
        json.writeStartObject().write("kind", found.kind().wireName());
        if (found.leafIndex() >= 0) {
          json.write("leaf_index", found.leafIndex());
        }
        if (found.sector() != null) {
          json.write("sector", found.sector());
        }
        if (found.insertedAt() != null) {
          json.write("inserted_at", found.insertedAt().toEpochMilli());
        }
        if (found.foreignFingerprint() != null) {
          json.write("fingerprint", found.foreignFingerprint());
        }
        json.writeEnd();
      }
      json.writeEnd().writeEnd();
    }
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
