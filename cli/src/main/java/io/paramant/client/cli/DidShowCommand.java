package io.paramant.client.cli;

import io.paramant.client.DeviceKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paramant did show}: this device's DID, from its key file. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints this device's DID, computed from the public keys in its key file; asks no relay."
    })
final class DidShowCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Override
  public Integer call() {
    DeviceKeys keys = DeviceKeys.load(client.keyDirectory());
    try {
      spec.commandLine().getOut().println(keys.did());
    } finally {
      keys.destroy();
    }
    return ExitCodes.OK;
  }
}
