package io.paramant.client.internal.pins;

import io.paramant.client.LogStateException;
import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.client.internal.storage.PrivateFiles;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One pinned value of the client: a small owner-only JSON file below the state directory, written
 * once on first use and afterwards only read. Like the log heads ({@code HeadStore}), a file that
 * others can access or that does not parse is reported, never ignored or overwritten: ignoring it
 * would re-pin whatever the relay serves now. A pin is created atomically (a complete file, forced
 * to disk, then linked under its name only if no pin exists), so two processes that pin at once
 * keep the first and the second one compares against it.
 */
public final class PinFile {

  private final Path file;
  private final String format;

  /**
   * @param file where the pin lives
   * @param format the value of its {@code format} member ({@code paramant/namespace-pin/v1})
   */
  public PinFile(Path file, String format) {
    this.file = file;
    this.format = format;
  }

  public Path path() {
    return file;
  }

  /**
   * The pinned object, or empty if nothing is pinned.
   *
   * @throws LogStateException if the file cannot be read, others can access it, or it is damaged
   */
  public Optional<JsonObject> load() {
    byte[] content;
    try {
      if (!PrivateFiles.isOwnerOnly(file)) {
        throw new LogStateException(
            file
                + " is accessible to other users, who could change what it pins; make it"
                + " rw------- (chmod 600) if its content is yours");
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LogStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonObject json = StrictJson.parse(content);
      if (!format.equals(StrictJson.string(json, "format"))) {
        throw new StrictJson.ShapeException("format is not " + format);
      }
      return Optional.of(json);
    } catch (StrictJson.ShapeException e) {
      throw damaged(e.getMessage());
    }
  }

  /** The error for a pin file whose content is not what it must be. */
  public LogStateException damaged(String why) {
    return new LogStateException(
        file
            + " is damaged ("
            + why
            + "). It holds a pinned value: restore it from a backup, or delete it to pin what the"
            + " relay or witness serves at the next use");
  }

  /**
   * Pins {@code members} (the {@code format} member is added) unless a pin exists.
   *
   * @return the pin now in force: {@code members} as written, or the one another process wrote
   *     first
   * @throws LogStateException if it cannot be written
   */
  public JsonObject create(Map<String, String> members) {
    Path directory = file.getParent();
    Path temporary =
        directory.resolve(
            "."
                + file.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    try {
      PrivateFiles.createDirectories(directory);
      try (FileChannel out = PrivateFiles.create(temporary)) {
        ByteBuffer bytes = ByteBuffer.wrap(encode(members));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      try {
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException e) {
        return load().orElseThrow(() -> damaged("it vanished while being pinned"));
      } catch (UnsupportedOperationException e) {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new LogStateException("cannot write the pin " + file + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a leftover temporary file holds nothing secret and is never read
      }
    }
    forceDirectory(directory);
    return load().orElseThrow(() -> damaged("it vanished after being pinned"));
  }

  private byte[] encode(Map<String, String> members) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(text)) {
      json.writeStartObject().write("format", format);
      members.forEach(json::write);
      json.writeEnd();
    }
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // see HeadStore: without the rename on disk, the next use pins again from the same source
    }
  }
}
