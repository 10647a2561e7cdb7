package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.ReceivedFile;
import io.paramant.client.Transfer;
import io.paramant.client.UnsignedTransfers;
import io.paramant.client.VerifiedSender;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

  @Mixin private AuthOption auth;

  @Mixin private ProgressOption progress;

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
      description = OutputTarget.DESCRIPTION)
  private String output;

  @Option(names = "--password", description = "Open with a password (a password transfer).")
  private boolean password;

  @Option(
      names = "--allow-unsigned",
      description =
          "Accept this transfer even if its sender did not sign it. Without it, a device-to-device"
              + " transfer must be signed by a device of this device's namespace whose keys the"
              + " log proves (else exit 8).")
  private boolean allowUnsigned;

  @Override
  public Integer call() {
    OutputTarget target = OutputTarget.of(output);
    Path directory = target.receiveInto(".paramant-receive-" + transferId.substring(0, 16));
    Path received;
    Optional<VerifiedSender> sender = Optional.empty();
    try (GhostPipe pipe = client.pipe(true, progress.listener(), auth.auth())) {
      if (password) {
        char[] secret = Secrets.password(false);
        try {
          received = pipe.receive(transferId, directory, secret);
        } finally {
          Arrays.fill(secret, '\0');
        }
      } else {
        ReceivedFile file =
            pipe.receive(
                transferId,
                directory,
                allowUnsigned ? UnsignedTransfers.ACCEPT : UnsignedTransfers.REFUSE);
        received = file.path();
        sender = file.sender();
      }
    }
    received = target.finish(received, directory);
    spec.commandLine().getOut().println(received);
    if (!password) {
      // on stderr, so that the path stays the only line a script captures
      spec.commandLine().getErr().println(from(sender));
    }
    return ExitCodes.OK;
  }

  /** {@code from team:x/laptop (signed, verified in log main)}, or the unsigned note. */
  static String from(Optional<VerifiedSender> sender) {
    return sender
        .map(s -> "from " + s.describe())
        .orElse("from an unknown sender (unsigned, accepted with --allow-unsigned)");
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
