package io.paramant.client.internal.ctlog;

import io.paramant.client.LogStateException;
import io.paramant.client.internal.storage.PrivateFiles;
import io.paramant.ct.sth.InvalidTreeHeadException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's memory of relays' logs: one file per relay, {@code <state>/log-heads/<name>.json}
 * ({@link RelayAddress#fileName()}), holding the pinned key and the newest verified head:
 *
 * <pre>{@code
 * {"format": "paramant/log-head/v1", "relay": "http://127.0.0.1:3000/",
 *  "tree_size", "root_hash", "timestamp", "signature", "algorithm", "key_id", "public_key"}
 * }</pre>
 *
 * with the fields of {@code GET /v2/ct/sth}. Nothing in it is secret, but it decides which key a
 * relay must sign with, so it is owner-only like every private file of the client ({@link
 * PrivateFiles}), and a file that others can access is refused. It is replaced atomically (a
 * complete new file, forced to disk, renamed over the old one): a crash leaves the old head or the
 * new one, never a mix. A file that does not parse, or whose head does not verify with its own key,
 * is reported, never overwritten or ignored: ignoring it would re-pin whatever key the relay
 * serves.
 *
 * <p>Two processes verifying one relay at once need no lock: each stores a head that extends the
 * one it read, and an honest relay's heads only grow, so the loser of the race at worst leaves an
 * older head, which the next verification extends. It never causes a false alarm.
 */
public final class HeadStore {

  /** The directory below the state directory. */
  public static final String DIRECTORY = "log-heads";

  private static final String FORMAT = "paramant/log-head/v1";
  private static final JsonGeneratorFactory GENERATORS =
      Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  private final Path directory;

  /**
   * @param stateDirectory the client's state directory ({@code ~/.paramant} by default)
   */
  public HeadStore(Path stateDirectory) {
    this.directory = stateDirectory.resolve(DIRECTORY);
  }

  /** The file that holds the state of {@code relay}. */
  public Path fileOf(RelayAddress relay) {
    return directory.resolve(relay.fileName());
  }

  /**
   * The relay's pinned key and newest verified head, or empty if none is stored.
   *
   * @throws LogStateException if the file cannot be read, others can access it, or it is damaged
   */
  public Optional<PinnedHead> load(RelayAddress relay) {
    Path file = fileOf(relay);
    byte[] content;
    try {
      if (!PrivateFiles.isOwnerOnly(file)) {
        throw new LogStateException(
            file
                + " is accessible to other users, who could re-pin the relay's key; make it"
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
      if (!FORMAT.equals(StrictJson.string(json, "format"))) {
        throw new StrictJson.ShapeException("format is not " + FORMAT);
      }
      if (!relay.toString().equals(StrictJson.string(json, "relay"))) {
        throw new StrictJson.ShapeException("it records another relay than " + relay);
      }
      ServedHead stored = TreeHeadJson.read(json);
      stored.head().verify(stored.publicKey());
      return Optional.of(new PinnedHead(relay, stored.publicKey(), stored.head()));
    } catch (StrictJson.ShapeException | InvalidTreeHeadException e) {
      throw new LogStateException(
          file
              + " is damaged ("
              + e.getMessage()
              + "). It pins the relay's key: restore it from a backup, or delete it to trust the"
              + " key the relay serves at the next verification",
          e);
    }
  }

  /**
   * Stores {@code pinned} as the relay's state, replacing the file atomically.
   *
   * @throws LogStateException if it cannot be written; the previous file is then unchanged
   */
  public void save(PinnedHead pinned) {
    Path file = fileOf(pinned.relay());
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
        ByteBuffer bytes = ByteBuffer.wrap(encode(pinned));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanupFailed) {
        e.addSuppressed(cleanupFailed);
      }
      throw new LogStateException("cannot store the log head in " + file + ": " + e, e);
    }
    forceDirectory();
  }

  /**
   * Makes the rename durable. Only POSIX systems let a directory be opened for that; elsewhere the
   * file system's own ordering must do, and a rename lost in a crash leaves the previous head,
   * which is still a head this client verified.
   */
  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // see above: the previous head is a safe state to fall back to
    }
  }

  private static byte[] encode(PinnedHead pinned) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = GENERATORS.createGenerator(text)) {
      json.writeStartObject().write("format", FORMAT).write("relay", pinned.relay().toString());
      TreeHeadJson.write(json, pinned.head(), pinned.publicKey());
      json.writeEnd();
    }
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
