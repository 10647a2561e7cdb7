package io.paramant.admin.users;

import io.paramant.admin.AdminException;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * users.json as a document: read whole, changed entry by entry, written whole. Entries and fields
 * this console does not know are kept as they are (API.md: unknown fields are kept).
 *
 * <p>Writing is atomic: a temporary file in the same directory, written and forced to disk, renamed
 * over users.json, then the directory is forced, so a reader (a sector relay polling the file) sees
 * the old or the new file, never a mix, and a crash leaves one of the two.
 */
final class UsersFile {

  private static final Map<String, Object> PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);

  private final Path file;

  UsersFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** The document and the SHA-256 of its bytes; an absent file is an empty document. */
  record Snapshot(List<JsonObject> users, JsonObject root, String sha256) {

    List<User> view() {
      return users.stream().map(UsersFile::toUser).toList();
    }
  }

  /** The SHA-256 of the file's bytes as they are (valid or not), or {@code null} without a file. */
  String sha256() {
    byte[] bytes = bytes();
    return bytes == null ? null : sha256(bytes);
  }

  private byte[] bytes() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  Snapshot read() {
    byte[] bytes = bytes();
    if (bytes == null) {
      return new Snapshot(List.of(), JsonValue.EMPTY_JSON_OBJECT, null);
    }
    JsonObject root;
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException | NumberFormatException e) {
      // NumberFormatException: Parsson's "Exponent overflow" for a number like 1e9999999999
      throw new AdminException(
          409, "users_file_invalid", file + " is not a JSON object; fix it by hand first.");
    }
    JsonValue users = root.get("users");
    if (users == null || users.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new AdminException(
          409, "users_file_invalid", file + " has no \"users\" array; fix it by hand first.");
    }
    List<JsonObject> entries = new ArrayList<>();
    for (JsonValue entry : users.asJsonArray()) {
      if (entry.getValueType() != JsonValue.ValueType.OBJECT
          || !(entry.asJsonObject().get("label") instanceof JsonString)) {
        throw new AdminException(
            409,
            "users_file_invalid",
            file + " has an entry without a label; fix it by hand first.");
      }
      entries.add(entry.asJsonObject());
    }
    return new Snapshot(List.copyOf(entries), root, sha256(bytes));
  }

  /**
   * Replaces the file with {@code root} carrying {@code users}.
   *
   * @return the SHA-256 of the bytes written
   */
  String write(JsonObject root, List<JsonObject> users) {
    JsonArray array = Json.createArrayBuilder(users).build();
    JsonObject document = Json.createObjectBuilder(root).add("users", array).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = Json.createWriterFactory(PRETTY).createWriter(out)) {
      writer.writeObject(document);
    }
    out.write('\n');
    byte[] bytes = out.toByteArray();
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp =
          Files.createTempFile(
              dir,
              ".users.json.",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IllegalStateException("the data directory does not support atomic renames", e);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return sha256(bytes);
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
}
