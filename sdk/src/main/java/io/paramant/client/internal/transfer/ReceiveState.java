package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a receiver keeps between runs so that an interrupted receive resumes without losing a chunk,
 * in one owner-only directory ({@code <state>/receive/}):
 *
 * <ul>
 *   <li>{@code <hash>.blob}: a downloaded blob, still sealed, until its chunk is on disk. A
 *       download burns the blob on the relay, so it is kept here first: a receive killed after the
 *       download resumes from this copy instead of asking the relay for a blob it no longer has.
 *       Written to a temporary name and renamed, so only complete blobs are ever found here. The
 *       bytes are ciphertext; they are opened (and authenticated) only when used.
 *   <li>{@code <hash>.file}: the file id (32 hex digits) of the transfer whose first blob has that
 *       hash, written once that blob authenticated, so that a resumed receive finds its assembly
 *       (below) before it downloads anything.
 *   <li>{@code <file id>.journal}: the {@link ChunkAssembler}'s journal of the file's assembly; the
 *       part file is in the target directory.
 * </ul>
 *
 * A blob that fails to open stays here (a blob sealed for a password, or for another device of the
 * account, is not lost by being downloaded by the wrong receiver); {@code paramant receive} finds
 * it by its hash.
 */
public final class ReceiveState {

  /** The directory below the state directory. */
  public static final String DIRECTORY = "receive";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String BLOB = ".blob";

  private final Path directory;

  public ReceiveState(Path stateDirectory) {
    this.directory = stateDirectory.resolve(DIRECTORY);
  }

  /** Where journals and spooled blobs are kept (created when first needed). */
  public Path directory() {
    return directory;
  }

  /** The file id recorded for the transfer whose first blob is {@code firstHash}. */
  public Optional<FileId> fileOf(String firstHash) {
    Path file = directory.resolve(requireHash(firstHash) + ".file");
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!FILE_ID.matcher(text).matches()) {
        throw new EnvelopeException(
            Reason.RESUME_STATE_INVALID, file.getFileName() + " is damaged");
      }
      return Optional.of(FileId.of(HexFormat.of().parseHex(text)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records the file id of the transfer whose first blob is {@code firstHash}. */
  public void recordFile(String firstHash, FileId fileId) {
    writeAtomically(
        requireHash(firstHash) + ".file",
        ByteBuffer.wrap(fileId.hex().getBytes(StandardCharsets.US_ASCII)));
  }

  /** Forgets the record of a finished transfer. */
  public void forgetFile(String firstHash) {
    delete(requireHash(firstHash) + ".file");
  }

  /** Whether a downloaded blob of that hash is kept here. */
  public boolean isSpooled(String hash) {
    return Files.isRegularFile(directory.resolve(requireHash(hash) + BLOB));
  }

  /**
   * Reads the kept blob of that hash into {@code into} (cleared first, flipped after).
   *
   * @return false if none is kept
   */
  public boolean readSpooled(String hash, ByteBuffer into) {
    Path file = directory.resolve(requireHash(hash) + BLOB);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() != Blob.SIZE) {
        throw new EnvelopeException(
            Reason.RESUME_STATE_INVALID, file.getFileName() + " is not a whole blob");
      }
      into.clear().limit(Blob.SIZE);
      FileChannels.readFully(channel, into, 0);
      into.flip();
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps the blob in {@code blob}'s remaining bytes under its hash; the position is not moved. */
  public void spool(String hash, ByteBuffer blob) {
    writeAtomically(requireHash(hash) + BLOB, blob.duplicate());
  }

  /** Drops the kept blob of that hash, if any. */
  public void unspool(String hash) {
    delete(requireHash(hash) + BLOB);
  }

  /** The hashes of every kept blob. */
  public List<String> spooled() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(BLOB))
          .map(n -> n.substring(0, n.length() - BLOB.length()))
          .filter(h -> HASH.matcher(h).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeAtomically(String name, ByteBuffer bytes) {
    Path temporary =
        directory.resolve(
            "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      PrivateFiles.createDirectories(directory);
      try (FileChannel out = PrivateFiles.create(temporary)) {
        FileChannels.writeFully(out, bytes, 0);
      }
      Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UncheckedIOException(e);
    }
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(directory.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String requireHash(String hash) {
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("a blob hash is 64 lowercase hex digits");
    }
    return hash;
  }
}
