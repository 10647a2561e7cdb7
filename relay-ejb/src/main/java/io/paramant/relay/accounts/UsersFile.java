package io.paramant.relay.accounts;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Reads users.json (format in API.md). The whole file is validated before anything is used: one bad
 * entry rejects the file, so that a typo never silently locks a user out or lets a wrong plan
 * through.
 */
final class UsersFile {

  /** An account with the SHA-256 of its API key. */
  record Entry(Account account, byte[] keyDigest) {}

  private UsersFile() {}

  /**
   * @return entries keyed by the lowercase hex SHA-256 of their API key
   * @throws UsersFileException naming the offending entry by label or position
   */
  static Map<String, Entry> parse(InputStream in) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(in)) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException | NumberFormatException e) {
      // NumberFormatException: Parsson's "Exponent overflow" for a number like 1e9999999999
      throw new UsersFileException("users.json is not a JSON object: " + e.getMessage());
    }
    JsonValue users = root.get("users");
    if (users == null || users.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new UsersFileException("users.json needs a \"users\" array");
    }
    Map<String, Entry> byDigest = new HashMap<>();
    java.util.Set<String> labels = new java.util.HashSet<>();
    int position = 0;
    for (JsonValue value : users.asJsonArray()) {
      String where = "users[" + position++ + "]";
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new UsersFileException(where + " is not an object");
      }
      JsonObject user = value.asJsonObject();
      String label = requiredString(user, "label", where);
      String who = "user '" + label + "'";
      String planName = requiredString(user, "plan", who);
      Plan plan =
          Plan.fromWireName(planName)
              .orElseThrow(() -> new UsersFileException(who + ": unknown plan '" + planName + "'"));
      String digestHex = requiredString(user, "key_sha256", who);
      if (!digestHex.matches("[0-9a-f]{64}")) {
        throw new UsersFileException(who + ": key_sha256 must be 64 lowercase hex digits");
      }
      Account account =
          new Account(
              label,
              plan,
              optionalString(user, "email", who),
              optionalBoolean(user, "active", who, true),
              optionalString(user, "team", who),
              optionalString(user, "created", who));
      if (!labels.add(label)) {
        throw new UsersFileException(who + ": duplicate label");
      }
      if (byDigest.put(digestHex, new Entry(account, HexFormat.of().parseHex(digestHex))) != null) {
        throw new UsersFileException(who + ": the same key is listed twice");
      }
    }
    return Map.copyOf(byDigest);
  }

  private static String requiredString(JsonObject user, String field, String where) {
    String value = optionalString(user, field, where);
    if (value == null || value.isBlank()) {
      throw new UsersFileException(where + ": \"" + field + "\" is required");
    }
    return value;
  }

  private static String optionalString(JsonObject user, String field, String where) {
    JsonValue value = user.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new UsersFileException(where + ": \"" + field + "\" must be a string");
    }
    return ((JsonString) value).getString();
  }

  private static boolean optionalBoolean(
      JsonObject user, String field, String where, boolean dflt) {
    JsonValue value = user.get(field);
    if (value == null) {
      return dflt;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new UsersFileException(where + ": \"" + field + "\" must be true or false");
  }
}
