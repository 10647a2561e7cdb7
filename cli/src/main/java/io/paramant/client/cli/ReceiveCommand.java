package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.Transfer;
import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code paramant receive --hash TRANSFER_ID}: {@link GhostPipe#receive(String, Path)}. */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Downloads the blobs of a transfer, opens them with this device's keys (or a password) and"
          + " writes the file; it appears under its name only once every chunk authenticated.",
      "An interrupted receive resumes when the same command is run again: chunks already written"
          + " are re-verified and kept. Prints the path of the written file."
    })
final class ReceiveCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Option(
      names = {"--hash", "--id"},
      required = true,
      paramLabel = "TRANSFER_ID",
      converter = TransferId.class,
      description =
          "The transfer id that send printed: the blob hashes of the file's chunks,"
              + " comma-separated (for a file of one chunk, its blob hash).")
  private String transferId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|DIR",
      description =
          "Where to write: into this directory under the sender's file name, or to this file name"
              + " (default: the current directory). Nothing is overwritten.")
  private Path output;

  @Option(names = "--password", description = "Open with a password (a password transfer).")
  private boolean password;

  @Override
  public Integer call() {
    Path target = output != null ? output : Path.of("");
    boolean intoDirectory = output == null || Files.isDirectory(output);
    Path directory = intoDirectory ? target : stagingDirectory(target);
    Path received;
    try (GhostPipe pipe =
        client.pipe(true, new ProgressBar(spec.commandLine().getErr(), "paramant receive"))) {
      if (password) {
        char[] secret = Secrets.password(false);
        try {
          received = pipe.receive(transferId, directory, secret);
        } finally {
          Arrays.fill(secret, '\0');
        }
      } else {
        received = pipe.receive(transferId, directory);
      }
    }
    if (!intoDirectory) {
      received = moveTo(received, target, directory);
    }
    spec.commandLine().getOut().println(received);
    return ExitCodes.OK;
  }

  /**
   * A private directory beside {@code file}, named after the transfer, where the file is put
   * together (the same one when an interrupted receive is run again), then moved to its name.
   */
  private Path stagingDirectory(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UncheckedIOException(new FileAlreadyExistsException(file.toString()));
    }
    Path staging = parent.resolve(".paramant-receive-" + transferId.substring(0, 16));
    try {
      PrivateFiles.createDirectories(staging);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return staging;
  }

  private static Path moveTo(Path received, Path target, Path staging) {
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(received, target);
      try (var rest = Files.list(staging)) {
        if (rest.findAny().isEmpty()) {
          Files.delete(staging);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A transfer id, as a usage error otherwise. */
  static final class TransferId implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        List<String> hashes = Transfer.parseId(value);
        return String.join(",", hashes);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
