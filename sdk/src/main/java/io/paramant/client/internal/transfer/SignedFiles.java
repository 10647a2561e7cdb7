package io.paramant.client.internal.transfer;

import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.storage.PrivateFiles;
import io.paramant.ct.entry.DeviceBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * The signed files this device accepted, so that a relay replaying a kept copy later is refused
 * (PROTOCOL.md, "Sender signature": a {@code (signer, file_id)} is accepted once). One empty,
 * owner-only file per accepted file in {@code <state>/signed-files/}, named by the lowercase hex
 * SHA-256 of {@code binding(signer namespace, signer device id) || file_id}: a lookup is one {@code
 * stat}, and the directory says nothing readable about who sent what. Entries are never dropped
 * (the relay may keep a copy as long as it likes); at 4 KiB of directory space per entry at most, a
 * million received files cost a few MiB. Each entry is forced to disk, with its directory, before
 * the file it records is moved to its name.
 */
final class SignedFiles {

  /** The directory below the state directory. */
  static final String DIRECTORY = "signed-files";

  private final Path directory;

  SignedFiles(Path stateDirectory) {
    this.directory = stateDirectory.resolve(DIRECTORY);
  }

  /** Whether the file {@code fileId} signed by {@code sender} was accepted before. */
  boolean accepted(VerifiedSender sender, FileId fileId) {
    return Files.exists(entry(sender, fileId));
  }

  /** Records that the file {@code fileId} signed by {@code sender} is accepted. */
  void record(VerifiedSender sender, FileId fileId) {
    Path entry = entry(sender, fileId);
    try {
      PrivateFiles.createDirectories(directory);
      try (FileChannel file = PrivateFiles.create(entry)) {
        file.force(true);
      } catch (FileAlreadyExistsException already) {
        return;
      }
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException notSupported) {
        // some file systems cannot sync a directory; the entry itself is on disk
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path entry(VerifiedSender sender, FileId fileId) {
    byte[] binding = DeviceBinding.of(sender.namespace(), sender.deviceId());
    byte[] key = Digests.sha256(binding, fileId.bytes());
    return directory.resolve(HexFormat.of().formatHex(key));
  }
}
