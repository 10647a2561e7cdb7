package io.paramant.client.cli;

import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What {@code paramant watch} has sent from one directory to one device through one relay, so that
 * a restarted watch sends nothing twice: one owner-only file per (relay, recipient, directory) in
 * {@code <state>/watch/}, append-only, one line per sent file:
 *
 * <pre>
 * name TAB size TAB modified-millis TAB transfer-id
 * </pre>
 *
 * A file counts as sent when a line has its name, size and modification time; a file changed since
 * (other size or time) is a new file and is sent again. A line is written (and forced to disk)
 * after the upload succeeded: a watch killed in between sends that file again after its restart,
 * never loses it. A torn last line (a crash while writing) is ignored.
 */
final class WatchState {

  /** A file's identity for the watch: its size and modification time. */
  record Version(long size, long modifiedMillis) {}

  private final Path file;
  private final Map<String, Version> sent = new HashMap<>();

  private WatchState(Path file) {
    this.file = file;
  }

  /** The state of watching {@code directory} for {@code recipient} on {@code relay}. */
  static WatchState open(Path stateDirectory, String relay, String recipient, Path directory) {
    String key = relay + "\n" + recipient + "\n" + directory.toAbsolutePath().normalize();
    Path file = stateDirectory.resolve("watch").resolve(sha256(key).substring(0, 32) + ".tsv");
    WatchState state = new WatchState(file);
    state.load();
    return state;
  }

  Path file() {
    return file;
  }

  boolean isSent(String name, Version version) {
    return version.equals(sent.get(name));
  }

  /** Records that {@code name} in {@code version} was sent as {@code transferId}. */
  void record(String name, Version version, String transferId) {
    if (name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a watched file name has no tab or line break");
    }
    String line =
        name + "\t" + version.size() + "\t" + version.modifiedMillis() + "\t" + transferId + "\n";
    try {
      PrivateFiles.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        PrivateFiles.create(file).close();
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sent.put(name, version);
  }

  private void load() {
    List<String> lines;
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      lines = content.lines().toList();
      if (!content.isEmpty() && !content.endsWith("\n")) {
        lines = lines.subList(0, lines.size() - 1); // torn by a crash while appending
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      String[] fields = line.split("\t", -1);
      if (fields.length != 4) {
        continue;
      }
      try {
        sent.put(fields[0], new Version(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
      } catch (NumberFormatException e) {
        // not a line this class wrote: ignored
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java 17 runtime", e);
    }
  }
}
