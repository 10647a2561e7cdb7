package io.paramant.admin.api;

import io.paramant.accounts.JsonText;
import io.paramant.admin.AdminException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A small JSON request body: read up to {@link #MAX_BYTES} (413 beyond), one JSON object, fields
 * checked strictly; unknown fields are ignored (clients of several versions).
 */
final class JsonBody {

  static final int MAX_BYTES = 8 * 1024;

  private final JsonObject object;

  private JsonBody(JsonObject object) {
    this.object = object;
  }

  static JsonBody read(InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new AdminException(
          413, "body_too_large", "The body may be at most " + MAX_BYTES + " bytes.");
    }
    if (bytes.length == 0) {
      throw AdminException.invalid("invalid_json", "The body must be a JSON object.");
    }
    try {
      return new JsonBody(JsonText.object(bytes));
    } catch (JsonText.Malformed e) {
      throw AdminException.invalid("invalid_json", "The body must be a JSON object.");
    }
  }

  /** A string field, or {@code null} when absent or null. */
  String string(String field) {
    JsonValue value = object.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw AdminException.invalid("invalid_" + field, "\"" + field + "\" must be a string.");
    }
    return object.getString(field);
  }

  String required(String field) {
    String value = string(field);
    if (value == null || value.isBlank()) {
      throw AdminException.invalid("invalid_" + field, "\"" + field + "\" is required.");
    }
    return value;
  }
}
