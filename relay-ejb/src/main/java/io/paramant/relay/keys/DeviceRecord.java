package io.paramant.relay.keys;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * One registration as it is stored in the directory's journal: a UTF-8 JSON object, version 1, keys
 * in lowercase hex.
 *
 * <pre>
 * {"v":1,"namespace":"team:&lt;team&gt;"|"account:&lt;label&gt;","device_id","account",
 *  "ml_kem":"&lt;hex&gt;","p256":"&lt;hex&gt;"?,"ml_dsa":"&lt;hex&gt;"?,"ct_index":n}
 * </pre>
 *
 * The file is private to the relay (owner-only); unlike the public log it may name accounts and
 * devices.
 *
 * @param namespace where the device id lives (see {@link KeyDirectory#namespaceOf})
 * @param account the label of the registering account, whose device limit the device counts against
 */
record DeviceRecord(String namespace, String account, RegisteredDevice device) {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final int VERSION = 1;
  private static final HexFormat HEX = HexFormat.of();

  byte[] encode() {
    PublicKeySet keys = device.keys();
    JsonObjectBuilder json =
        BUILDERS
            .createObjectBuilder()
            .add("v", VERSION)
            .add("namespace", namespace)
            .add("device_id", device.deviceId())
            .add("account", account)
            .add("ml_kem", HEX.formatHex(keys.mlKem()));
    keys.ecdh().ifPresent(k -> json.add("p256", HEX.formatHex(k)));
    keys.mlDsa().ifPresent(k -> json.add("ml_dsa", HEX.formatHex(k)));
    json.add("ct_index", device.ctIndex());
    return json.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException if {@code record} is not a version 1 registration
   */
  static DeviceRecord decode(byte[] record) {
    JsonObject json;
    try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(record))) {
      json = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException("a registration record is not a JSON object", e);
    }
    if (number(json, "v") != VERSION) {
      throw new IllegalArgumentException("unknown registration record version " + json.get("v"));
    }
    long ctIndex = number(json, "ct_index");
    if (ctIndex < 0) {
      throw new IllegalArgumentException("negative ct_index " + ctIndex);
    }
    PublicKeySet keys =
        PublicKeySet.of(
            hex(json, "ml_kem", true), hex(json, "p256", false), hex(json, "ml_dsa", false));
    return new DeviceRecord(
        text(json, "namespace", true),
        text(json, "account", true),
        new RegisteredDevice(text(json, "device_id", true), keys, ctIndex));
  }

  private static long number(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a whole number");
    }
    return number.longValueExact();
  }

  private static String text(JsonObject json, String field, boolean required) {
    JsonValue value = json.get(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw new IllegalArgumentException("\"" + field + "\" is not a string");
    }
    return string.getString();
  }

  private static byte[] hex(JsonObject json, String field, boolean required) {
    String text = text(json, field, required);
    return text == null ? null : HEX.parseHex(text);
  }
}
