package io.paramant.client.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Creates and checks owner-only files and directories (see the package notes). */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /**
   * Creates {@code directory} and its missing parents as {@code rwx------}; existing ones are left
   * as they are.
   */
  public static void createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (isPosix(absolute)) {
      Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } else {
      Files.createDirectories(absolute);
    }
  }

  /**
   * Creates {@code file} as {@code rw-------} and opens it for writing.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists: creation is the atomic existence
   *     check
   */
  public static FileChannel create(Path file, OpenOption... more) throws IOException {
    Set<OpenOption> options = new HashSet<>(List.of(more));
    options.add(StandardOpenOption.CREATE_NEW);
    options.add(StandardOpenOption.WRITE);
    FileAttribute<?>[] attributes =
        isPosix(file.toAbsolutePath())
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
            : new FileAttribute<?>[0];
    return FileChannel.open(file, options, attributes);
  }

  /**
   * Replaces {@code file} by one holding {@code content}, atomically: a complete owner-only file is
   * written beside it, forced to disk and renamed over it, and the rename is forced where the file
   * system allows (POSIX). A crash leaves the old content or the new, never a mix. Creates the
   * directory (owner-only) if needed.
   *
   * @throws IOException if it cannot be written; the old file is then unchanged
   */
  public static void replace(Path file, byte[] content) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary =
        directory.resolve(
            "."
                + file.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    try {
      createDirectories(directory);
      try (FileChannel out = create(temporary)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
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
      throw e;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Only POSIX systems open a directory for this; elsewhere the file system's ordering must
      // do, and a rename lost in a crash leaves the previous, complete file.
    }
  }

  /**
   * Whether group and others have no access to {@code file}; always true without POSIX permissions.
   */
  public static boolean isOwnerOnly(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    return posix == null || OWNER_ONLY_FILE.containsAll(posix.readAttributes().permissions());
  }

  private static boolean isPosix(Path path) throws IOException {
    Path existing = path;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
