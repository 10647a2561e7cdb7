package io.paramant.accounts;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users.json codec (format: API.md), the one reader of the file: the relays read it here before
 * they accept a key, and its one writer ({@link UsersFile}) reads it here before every change.
 *
 * <p>One behaviour, the strict one the relays always had: the whole file is validated before
 * anything is used, and one bad entry refuses the file, so that a typo never silently locks a user
 * out or lets a wrong plan through. Every entry needs a non-blank {@code label}, a known {@code
 * plan} and a {@code key_sha256} of 64 lowercase hex digits; {@code email}, {@code team} and {@code
 * created} are strings or absent (or {@code null}), {@code active} is {@code true}, {@code false}
 * or absent (true); no label and no key appears twice. Fields and entries' keys this code does not
 * know are kept by the writer and ignored by the relays.
 *
 * <p>Why the writer is as strict as the relays (it used to check labels only): a file the relays
 * refuse is not in force on any sector (each keeps its last good accounts), so a change the writer
 * made on top of it would be reported done while no sector applies it, a revocation included. The
 * writer refuses instead ({@code users_file_invalid}) and says to fix the file first.
 */
public final class UsersJson {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private static final Map<String, Object> PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);
  private static final JsonWriterFactory WRITERS = Json.createWriterFactory(PRETTY);
  private static final Pattern KEY_SHA256 = Pattern.compile("[0-9a-f]{64}");

  private UsersJson() {}

  /**
   * One account of the file, validated.
   *
   * @param user the account as the admin tools show it
   * @param plan its plan
   * @param keySha256 the lowercase hex SHA-256 of its API key
   */
  public record Entry(User user, Plan plan, String keySha256) {

    @Override
    public String toString() {
      return "Entry[" + user.label() + "]"; // never the digest
    }
  }

  /** The document, its entries as JSON and validated, and the SHA-256 of its bytes. */
  record Document(JsonObject root, List<JsonObject> users, List<Entry> entries, String sha256) {

    /** An absent file is an empty document. */
    static final Document ABSENT =
        new Document(JsonValue.EMPTY_JSON_OBJECT, List.of(), List.of(), null);

    List<User> view() {
      return entries.stream().map(Entry::user).toList();
    }
  }

  /**
   * Reads and validates a whole users file.
   *
   * @return its accounts, in file order
   * @throws InvalidUsersFile naming the offending entry by label or position
   */
  public static List<Entry> read(byte[] bytes) {
    return parse(bytes).entries();
  }

  /**
   * @throws InvalidUsersFile naming the offending entry by label or position
   */
  static Document parse(byte[] bytes) {
    JsonObject root;
    try {
      root = JsonText.object(bytes);
    } catch (JsonText.Malformed e) {
      throw new InvalidUsersFile(
          InvalidUsersFile.Kind.NOT_AN_OBJECT,
          "users.json is not a JSON object: " + e.getMessage());
    }
    JsonValue users = root.get("users");
    if (users == null || users.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new InvalidUsersFile(
          InvalidUsersFile.Kind.NO_USERS_ARRAY, "users.json needs a \"users\" array");
    }
    List<JsonObject> objects = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    Set<String> keys = new HashSet<>();
    int position = 0;
    for (JsonValue value : users.asJsonArray()) {
      String where = "users[" + position++ + "]";
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new InvalidUsersFile(
            InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL, where + " is not an object");
      }
      JsonObject user = value.asJsonObject();
      String label;
      try {
        label = requiredString(user, "label", where);
      } catch (InvalidUsersFile e) {
        throw new InvalidUsersFile(InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL, e.getMessage());
      }
      String who = "user '" + label + "'";
      String planName = requiredString(user, "plan", who);
      Plan plan =
          Plan.fromWireName(planName)
              .orElseThrow(() -> invalidEntry(who + ": unknown plan '" + planName + "'"));
      String digestHex = requiredString(user, "key_sha256", who);
      if (!KEY_SHA256.matcher(digestHex).matches()) {
        throw invalidEntry(who + ": key_sha256 must be 64 lowercase hex digits");
      }
      User account =
          new User(
              label,
              plan.wireName(),
              optionalString(user, "email", who),
              optionalBoolean(user, "active", who, true),
              optionalString(user, "created", who),
              optionalString(user, "team", who));
      if (!labels.add(label)) {
        throw invalidEntry(who + ": duplicate label");
      }
      if (!keys.add(digestHex)) {
        throw invalidEntry(who + ": the same key is listed twice");
      }
      objects.add(user);
      entries.add(new Entry(account, plan, digestHex));
    }
    return new Document(root, List.copyOf(objects), List.copyOf(entries), sha256(bytes));
  }

  /** {@code root} with {@code users} as its users array, pretty-printed, ending in a newline. */
  static byte[] encode(JsonObject root, List<JsonObject> users) {
    JsonArray array = BUILDERS.createArrayBuilder(users).build();
    JsonObject document = BUILDERS.createObjectBuilder(root).add("users", array).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = WRITERS.createWriter(out)) {
      writer.writeObject(document);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The account of an entry the writer made or {@link #parse} accepted. */
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

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  private static String requiredString(JsonObject user, String field, String where) {
    String value = optionalString(user, field, where);
    if (value == null || value.isBlank()) {
      throw invalidEntry(where + ": \"" + field + "\" is required");
    }
    return value;
  }

  private static String optionalString(JsonObject user, String field, String where) {
    JsonValue value = user.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw invalidEntry(where + ": \"" + field + "\" must be a string");
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
    throw invalidEntry(where + ": \"" + field + "\" must be true or false");
  }

  private static InvalidUsersFile invalidEntry(String message) {
    return new InvalidUsersFile(InvalidUsersFile.Kind.INVALID_ENTRY, message);
  }
}
