package io.paramant.accounts;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * users.json as a document (format: API.md): parsed whole, changed entry by entry, encoded whole.
 * Entries and fields this code does not know are kept as they are. Only what a writer needs is
 * checked here (an object with a {@code users} array of labelled objects); the relays check every
 * field when they load the file.
 */
final class UsersJson {

  private static final Map<String, Object> PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);

  private UsersJson() {}

  /** The document and the SHA-256 of its bytes; an absent file is an empty document. */
  record Document(JsonObject root, List<JsonObject> users, String sha256) {

    static final Document ABSENT = new Document(JsonValue.EMPTY_JSON_OBJECT, List.of(), null);

    List<User> view() {
      return users.stream().map(UsersJson::toUser).toList();
    }
  }

  /**
   * @param file named in the refusal
   * @throws AccountsException {@code users_file_invalid} when the bytes are not a users file
   */
  static Document parse(byte[] bytes, Path file) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException | NumberFormatException e) {
      // NumberFormatException: Parsson's "exponent overflow" for a number like 1e9999999999
      throw invalid(file + " is not a JSON object; fix it by hand first.");
    }
    JsonValue users = root.get("users");
    if (users == null || users.getValueType() != JsonValue.ValueType.ARRAY) {
      throw invalid(file + " has no \"users\" array; fix it by hand first.");
    }
    List<JsonObject> entries = new ArrayList<>();
    for (JsonValue entry : users.asJsonArray()) {
      if (entry.getValueType() != JsonValue.ValueType.OBJECT
          || !(entry.asJsonObject().get("label") instanceof JsonString)) {
        throw invalid(file + " has an entry without a label; fix it by hand first.");
      }
      entries.add(entry.asJsonObject());
    }
    return new Document(root, List.copyOf(entries), sha256(bytes));
  }

  /** {@code root} with {@code users} as its users array, pretty-printed, ending in a newline. */
  static byte[] encode(JsonObject root, List<JsonObject> users) {
    JsonArray array = Json.createArrayBuilder(users).build();
    JsonObject document = Json.createObjectBuilder(root).add("users", array).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = Json.createWriterFactory(PRETTY).createWriter(out)) {
      writer.writeObject(document);
    }
    out.write('\n');
    return out.toByteArray();
  }

  static User toUser(JsonObject entry) {
    return new User(
        entry.getString("label"),
        string(entry, "plan"),
        string(entry, "email"),
        !entry.containsKey("active") || entry.get("active") == JsonValue.TRUE,
        string(entry, "created"),
        string(entry, "team"));
  }

  private static String string(JsonObject entry, String field) {
    return entry.get(field) instanceof JsonString s ? s.getString() : null;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  private static AccountsException invalid(String detail) {
    return new AccountsException(AccountsException.Kind.CONFLICT, "users_file_invalid", detail);
  }
}
