package io.paramant.client.cli;

import io.paramant.client.DeviceKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paramant keys init}: {@link DeviceKeys#generate()} and {@link DeviceKeys#store}. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates this device's key pairs and stores them in the key directory (device.key,"
          + " rw-------). Existing keys are never replaced: replacing them would make everything"
          + " sealed to them unreadable (exit 4).",
      "Prints the keys' fingerprint and the device's DID."
    })
final class KeysInitCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Override
  public Integer call() {
    DeviceKeys keys = DeviceKeys.generate();
    try {
      keys.store(client.keyDirectory());
      PrintWriter out = spec.commandLine().getOut();
      out.println("fingerprint " + keys.fingerprint());
      out.println("did " + keys.did());
    } finally {
      keys.destroy();
    }
    return ExitCodes.OK;
  }
}
