package io.paramant.relay.did;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * One DID registration as stored in the sector's {@code dids.journal}: a UTF-8 JSON object, version
 * 1, keys in lowercase hex. Private to the relay (owner-only file): it names the account and the
 * device, which the public log and the DID document never do.
 *
 * <pre>
 * {"v":1,"did","namespace","account","device_id","ml_dsa":"&lt;hex&gt;","p256":"&lt;hex&gt;","ct_index":n}
 * </pre>
 */
final class DidRecord {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final int VERSION = 1;
  private static final HexFormat HEX = HexFormat.of();

  private DidRecord() {}

  static byte[] encode(BoundDid bound) {
    return BUILDERS
        .createObjectBuilder()
        .add("v", VERSION)
        .add("did", bound.did())
        .add("namespace", bound.namespace())
        .add("account", bound.account())
        .add("device_id", bound.deviceId())
        .add("ml_dsa", HEX.formatHex(bound.mlDsa65()))
        .add("p256", HEX.formatHex(bound.p256()))
        .add("ct_index", bound.ctIndex())
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException if {@code record} is not a version 1 DID record whose DID is
   *     the hash of its keys
   */
  static BoundDid decode(byte[] record) {
    JsonObject json;
    try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(record))) {
      json = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException("a DID record is not a JSON object", e);
    }
    JsonValue version = json.get("v");
    if (!(version instanceof JsonNumber v) || !v.isIntegral() || v.longValue() != VERSION) {
      throw new IllegalArgumentException("unknown DID record version " + version);
    }
    JsonValue index = json.get("ct_index");
    if (!(index instanceof JsonNumber n) || !n.isIntegral() || n.longValueExact() < 0) {
      throw new IllegalArgumentException("\"ct_index\" is not a whole number ≥ 0");
    }
    BoundDid bound =
        new BoundDid(
            text(json, "did"),
            text(json, "namespace"),
            text(json, "account"),
            text(json, "device_id"),
            HEX.parseHex(text(json, "ml_dsa")),
            HEX.parseHex(text(json, "p256")),
            n.longValueExact());
    if (!Did.of(bound.mlDsa65(), bound.p256()).equals(bound.did())) {
      throw new IllegalArgumentException("DID " + bound.did() + " is not the hash of its keys");
    }
    return bound;
  }

  private static String text(JsonObject json, String field) {
    if (!(json.get(field) instanceof JsonString string)) {
      throw new IllegalArgumentException("\"" + field + "\" is not a string");
    }
    return string.getString();
  }
}
