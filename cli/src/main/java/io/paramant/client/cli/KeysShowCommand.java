package io.paramant.client.cli;

import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.PublicKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paramant keys show [--peer DEVICE]}: a fingerprint to compare out of band. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the fingerprint of this device's public keys (SHA3-256 of the keys, as the relay's"
          + " log records it) and its DID. Compare the fingerprint with what the sending side sees"
          + " for this device over another channel (a call, in person): equal fingerprints mean"
          + " the relay hands out this device's real keys.",
      "With --peer DEVICE, prints the fingerprint of another device of the account instead, as"
          + " fetched from the relay and checked against its signed log."
    })
final class KeysShowCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Option(
      names = "--peer",
      paramLabel = "DEVICE",
      description = "Show another device's registered keys, verified against the relay's log.")
  private String peer;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (peer != null) {
      try (GhostPipe pipe = client.pipe(true, null)) {
        PublicKeys keys = pipe.deviceKeys(peer);
        out.println("fingerprint " + keys.fingerprint());
        keys.did().ifPresent(did -> out.println("did " + did));
      }
      return ExitCodes.OK;
    }
    DeviceKeys keys = DeviceKeys.load(client.keyDirectory());
    try {
      out.println("fingerprint " + keys.fingerprint());
      out.println("did " + keys.did());
    } finally {
      keys.destroy();
    }
    return ExitCodes.OK;
  }
}
