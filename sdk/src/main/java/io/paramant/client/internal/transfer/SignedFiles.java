package io.paramant.client.internal.transfer;

import io.paramant.client.SenderSignatureException;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.storage.PrivateFiles;
import io.paramant.ct.entry.DeviceBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * The signed files this device accepted, so that a relay replaying a kept copy later is refused
 * (PROTOCOL.md, "Sender signature": a {@code (signer, file_id)} is accepted once).
 *
 * <p>Bounded by the signing time. A relay keeps a blob at most 7 days (the longest plan TTL), so a
 * signed file is accepted only if its chunks were signed no more than {@link #MAX_AGE} (7 days and
 * one day's margin for clocks and resumed receives) before this device's clock, and no more than
 * {@link #MAX_AHEAD} after it; anything else is refused ({@code OUT_OF_WINDOW}: an honest relay
 * cannot have served it). The record of an accepted file is therefore only needed while its signing
 * time is inside that window, and is deleted afterwards: the record holds at most the files of the
 * last nine days.
 *
 * <p>Layout: one empty, owner-only file per accepted file, {@code <state>/signed-files/<UTC day of
 * signed_at>/<hex SHA-256(binding(signer) || file_id)>}. A lookup is one {@code stat} (a replayed
 * copy carries the same signed chunk 0, so the same day); a day's directory is deleted whole once
 * every signing time it can hold is out of the window; the names say nothing readable about who
 * sent what. Each entry is forced to disk, with its directory, before the file it records is moved
 * to its name, so a crash cannot let a replay through.
 */
final class SignedFiles {

  /** The directory below the state directory. */
  static final String DIRECTORY = "signed-files";

  /** How long before the receiver's clock a signed file may have been signed. */
  static final Duration MAX_AGE = Duration.ofDays(8);

  /** How far after the receiver's clock a signed file may have been signed (clock skew). */
  static final Duration MAX_AHEAD = Duration.ofDays(1);

  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final Path directory;
  private final LongSupplier clock;

  SignedFiles(Path stateDirectory, LongSupplier clock) {
    this.directory = stateDirectory.resolve(DIRECTORY);
    this.clock = clock;
  }

  /**
   * Refuses the signed file {@code fileId} from {@code sender}, signed at {@code signedAtMillis},
   * if its signing time is outside the window or it was accepted before.
   *
   * @throws SenderSignatureException {@code OUT_OF_WINDOW} or {@code REPLAYED}
   */
  void requireNew(VerifiedSender sender, FileId fileId, long signedAtMillis) {
    long now = clock.getAsLong();
    if (signedAtMillis < now - MAX_AGE.toMillis() || signedAtMillis > now + MAX_AHEAD.toMillis()) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.OUT_OF_WINDOW,
          "file "
              + fileId
              + " from "
              + sender.name()
              + " was signed "
              + Duration.ofMillis(Math.abs(now - signedAtMillis)).toHours()
              + " hours "
              + (signedAtMillis < now ? "ago" : "ahead of this device's clock"));
    }
    if (Files.exists(entry(sender, fileId, signedAtMillis))) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.REPLAYED, "file " + fileId + " from " + sender.name());
    }
  }

  /**
   * Records that the file {@code fileId} signed by {@code sender} at {@code signedAtMillis} is
   * accepted, and deletes the days that left the window.
   */
  void record(VerifiedSender sender, FileId fileId, long signedAtMillis) {
    Path entry = entry(sender, fileId, signedAtMillis);
    Path day = entry.getParent();
    try {
      PrivateFiles.createDirectories(day);
      try (FileChannel file = PrivateFiles.create(entry)) {
        file.force(true);
      } catch (FileAlreadyExistsException already) {
        return;
      }
      force(day);
      force(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    forgetOldDays();
  }

  /** Deletes every day whose signing times are all older than the window. */
  private void forgetOldDays() {
    long oldestKept = Math.floorDiv(clock.getAsLong() - MAX_AGE.toMillis(), DAY_MILLIS);
    try (DirectoryStream<Path> days = Files.newDirectoryStream(directory)) {
      for (Path day : days) {
        String name = day.getFileName().toString();
        if (name.matches("-?[0-9]{1,12}") && Long.parseLong(name) < oldestKept) {
          deleteDay(day);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteDay(Path day) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(day)) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    } catch (NoSuchFileException gone) {
      return;
    }
    Files.deleteIfExists(day);
  }

  private static void force(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot sync a directory; the entry itself is on disk
    }
  }

  private Path entry(VerifiedSender sender, FileId fileId, long signedAtMillis) {
    byte[] binding = DeviceBinding.of(sender.namespace(), sender.deviceId());
    byte[] key = Digests.sha256(binding, fileId.bytes());
    return directory
        .resolve(Long.toString(Math.floorDiv(signedAtMillis, DAY_MILLIS)))
        .resolve(HexFormat.of().formatHex(key));
  }
}
