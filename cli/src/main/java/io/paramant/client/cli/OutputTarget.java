package io.paramant.client.cli;

import io.paramant.client.internal.storage.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
      return staging;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(path.toString());
      }
      Files.move(received, path);
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
