package io.paramant.client.internal.ctlog;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON whose every field the client relies on: exact types, whole non-negative numbers, hex
 * of an exact length, and no key given twice (a duplicate would let two readers of one document see
 * different values). Unknown fields are ignored, as the API allows newer relays to add them.
 * Violations are {@link ShapeException}s naming the field, never quoting its value.
 */
public final class StrictJson {

  /** A JSON text or field that breaks the expected shape. */
  public static final class ShapeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
      super(message);
    }
  }

  private static final JsonReaderFactory READERS =
      Json.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));
  private static final HexFormat HEX = HexFormat.of();

  private StrictJson() {}

  /** One JSON object in UTF-8. */
  public static JsonObject parse(byte[] json) {
    try (JsonReader reader =
        READERS.createReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8)) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException | NumberFormatException e) {
      // Parsson makes a BigDecimal of every number as it reads: an exponent beyond int is a
      // NumberFormatException ("Exponent overflow"), no JsonException (found by
      // ServedDeviceFuzzTest).
      throw new ShapeException("not one JSON object with distinct keys");
    }
  }

  public static JsonObject object(JsonObject json, String name) {
    return field(json, name, JsonObject.class, "an object");
  }

  public static JsonArray array(JsonObject json, String name) {
    return field(json, name, JsonArray.class, "an array");
  }

  public static String string(JsonObject json, String name) {
    return field(json, name, JsonString.class, "a string").getString();
  }

  /** A string field that may be absent (or null). */
  public static String optionalString(JsonObject json, String name) {
    JsonValue value = json.get(name);
    return value == null || value == JsonValue.NULL ? null : string(json, name);
  }

  /** A whole number from 0 to {@link Long#MAX_VALUE}. */
  public static long wholeNumber(JsonObject json, String name) {
    JsonNumber number = field(json, name, JsonNumber.class, "a number");
    try {
      if (number.isIntegral() && number.longValueExact() >= 0) {
        return number.longValueExact();
      }
    } catch (ArithmeticException tooLarge) {
      // reported below like any other number out of range
    }
    throw new ShapeException(name + " is not a whole number from 0 to 2^63-1");
  }

  /** {@code true} or {@code false}. */
  public static boolean bool(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == JsonValue.TRUE) {
      return true;
    }
    if (value == JsonValue.FALSE) {
      return false;
    }
    throw new ShapeException(name + (value == null ? " is missing" : " is not a boolean"));
  }

  /** Like {@link #hex}, for a field that may be absent (or null): then null. */
  public static byte[] optionalHex(JsonObject json, String name, int length) {
    JsonValue value = json.get(name);
    return value == null || value == JsonValue.NULL ? null : hex(json, name, length);
  }

  /** A string of exactly {@code 2 * length} hex digits, as bytes. */
  public static byte[] hex(JsonObject json, String name, int length) {
    return hexBytes(string(json, name), name, length);
  }

  /** An array of strings of {@code 2 * length} hex digits each, as bytes. */
  public static List<byte[]> hexArray(JsonObject json, String name, int length) {
    JsonArray array = array(json, name);
    List<byte[]> hashes = new ArrayList<>(array.size());
    for (JsonValue value : array) {
      if (!(value instanceof JsonString text)) {
        throw new ShapeException(name + " holds something other than strings");
      }
      hashes.add(hexBytes(text.getString(), name, length));
    }
    return hashes;
  }

  private static byte[] hexBytes(String text, String name, int length) {
    if (text.length() != 2 * length) {
      throw new ShapeException(name + " is not " + 2 * length + " hex digits");
    }
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new ShapeException(name + " is not " + 2 * length + " hex digits");
    }
  }

  private static <T extends JsonValue> T field(
      JsonObject json, String name, Class<T> type, String article) {
    JsonValue value = json.get(name);
    if (value == null) {
      throw new ShapeException(name + " is missing");
    }
    if (!type.isInstance(value)) {
      throw new ShapeException(name + " is not " + article);
    }
    return type.cast(value);
  }
}
