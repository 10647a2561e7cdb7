package io.paramant.client.cli;

import io.paramant.client.internal.storage.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Where {@code receive} and {@code pickup} write the one file they get, from their {@code -o
 * FILE|DIR} option (docs/cli.md): nothing given, the current directory; a path that ends with
 * {@code /}, a directory (created if it is missing); an existing directory, that directory; else a
 * file name. Into a directory the file goes under the sender's name; to a file name it is put
 * together in a private directory beside it and then moved there. Nothing is overwritten.
 *
 * <p>The option is read as text because a {@link Path} drops the trailing slash that says "a
 * directory".
 */
final class OutputTarget {

  /** The {@code -o} option's help text. */
  static final String DESCRIPTION =
      "Where to write: into this directory under the sender's file name (a path ending in '/'"
          + " is a directory, created if missing), or to this file name (default: the current"
          + " directory). Nothing is overwritten.";

  private final Path path;
  private final boolean directory;

  private OutputTarget(Path path, boolean directory) {
    this.path = path;
    this.directory = directory;
  }

  /** The target the option {@code -o value} names ({@code null}: not given). */
  static OutputTarget of(String value) {
    if (value == null) {
      return new OutputTarget(Path.of(""), true);
    }
    Path path = Path.of(value);
    boolean slash = value.endsWith("/") || value.endsWith(File.separator);
    return new OutputTarget(path, slash || Files.isDirectory(path));
  }

  /**
   * The directory to receive into: the target directory (created if missing), or for a file name a
   * private directory {@code stagingName} beside it.
   *
   * @throws UncheckedIOException with a {@link FileAlreadyExistsException} if the file exists
   */
  Path receiveInto(String stagingName) {
    try {
      if (directory) {
        if (!path.toString().isEmpty()) {
          Files.createDirectories(path);
        }
        return path;
      }
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(path.toString());
      }
      Path staging = path.toAbsolutePath().getParent().resolve(stagingName);
      PrivateFiles.createDirectories(staging);
      requirePrivate(staging);
      return staging;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses a staging directory that is not this user's own private directory. Its name can be
   * known in advance (receive's is fixed per transfer, so that an interrupted receive resumes), and
   * {@code createDirectories} takes whatever is there: in a shared directory another user could
   * place a symbolic link or a directory of their own under that name, then read or swap the
   * received file before it is moved to the file name, which is then reported as the verified
   * sender's.
   */
  private static void requirePrivate(Path staging) throws IOException {
    if (!staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    PosixFileAttributes attributes =
        Files.readAttributes(staging, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal me;
    try {
      me =
          staging
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name"));
    } catch (UserPrincipalNotFoundException e) {
      me = Files.getOwner(Path.of("/proc/self")); // a user id without a name (containers)
    }
    if (!attributes.isDirectory()
        || !attributes.owner().equals(me)
        || !attributes.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
      throw new FileSystemException(
          staging.toString(),
          null,
          "not a private directory of this user (a link, another owner, or open to others):"
              + " remove it, or write elsewhere");
    }
  }

  /**
   * Where the file {@code received} into {@code into} ends up: moved to the file name (and the
   * staging directory removed once empty), or left where it is for a directory.
   */
  Path finish(Path received, Path into) {
    if (directory) {
      return received;
    }
    try {
      try {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(path.toString());
        }
        Files.move(received, path);
      } catch (FileAlreadyExistsException e) {
        // taken since the start: the transfer or drop is burned now, so say where its file is kept
        throw new FileSystemException(
            path.toString(), null, "already exists; what was received is kept as " + received);
      }
      removeIfEmpty(into);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the staging directory {@code into} if nothing is in it (after a failure, say). */
  void removeIfEmpty(Path into) {
    if (directory) {
      return;
    }
    try (var rest = Files.list(into)) {
      if (rest.findAny().isEmpty()) {
        Files.delete(into);
      }
    } catch (IOException e) {
      // left behind: an empty private directory, harmless
    }
  }
}
