package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.SenderSigning;
import io.paramant.client.Transfer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant send FILE --to DEVICE}: {@link GhostPipe#send(Path, String, Duration)}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends FILE end-to-end encrypted to a device of the account: its keys are fetched from the"
          + " relay and checked against the relay's signed log first, then the file is sealed in"
          + " 5 MiB blobs (one per 5 MiB chunk) and uploaded.",
      "Prints the transfer id, the one line the receiver needs:"
          + " paramant receive --hash TRANSFER_ID. With --password the file is sealed with a"
          + " password instead (from $PARAMANT_PASSWORD, the terminal, or standard input).",
      "A device-to-device file is signed by this device (its ML-DSA-65 key, PROTOCOL.md \"Sender"
          + " signature\"): the receiver prints which device sent it, verified in the log."
    })
final class SendCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private AuthOption auth;

  @Mixin private ProgressOption progress;

  @Parameters(paramLabel = "FILE", description = "The file to send.")
  private Path file;

  @Option(
      names = "--to",
      paramLabel = "DEVICE",
      description = "The receiving device (default: this device, --device).")
  private String to;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = TtlConverter.class,
      description =
          "How long the relay keeps the blobs: 90s, 30m, 2h, 7d (default: the plan's, 1h).")
  private Duration ttl;

  @Option(
      names = "--password",
      description = "Seal with a password instead of the device's keys (suite 2).")
  private boolean password;

  @Option(
      names = "--unsigned",
      description =
          "Do not sign the file with this device's key. Without it, a device-to-device send is"
              + " signed (this device must be registered in its namespace), and the receiver sees"
              + " who sent it; an unsigned file is refused unless received with --allow-unsigned.")
  private boolean unsigned;

  @Override
  public Integer call() {
    try (GhostPipe pipe = client.pipe(true, progress.listener(), auth.auth())) {
      Transfer transfer;
      if (password) {
        char[] secret = Secrets.password(true);
        try {
          transfer = pipe.send(file, secret, ttl);
        } finally {
          Arrays.fill(secret, '\0');
        }
      } else {
        String recipient = to != null ? to : client.device().orElse(null);
        if (recipient == null) {
          throw client.usage("no recipient: give --to DEVICE (or --device)");
        }
        transfer =
            pipe.send(
                file, recipient, ttl, unsigned ? SenderSigning.UNSIGNED : SenderSigning.SIGNED);
      }
      spec.commandLine().getOut().println(transfer.id());
    }
    return ExitCodes.OK;
  }
}
