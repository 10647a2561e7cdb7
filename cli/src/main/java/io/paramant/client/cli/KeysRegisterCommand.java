package io.paramant.client.cli;

import io.paramant.client.DeviceRegistration;
import io.paramant.client.GhostPipe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paramant keys register}: {@link GhostPipe#registerDevice()}. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Registers this device's public keys with the relay under the device id (--device), so that"
          + " devices of the account can send to it; generates the keys first if the key directory"
          + " has none. The registration is checked afterwards the way a sender checks it: in the"
          + " relay's signed log. Registering the same keys again is harmless.",
      "Prints the device id, the keys' fingerprint and the index of the registration in the log."
    })
final class KeysRegisterCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Override
  public Integer call() {
    client.requireDevice();
    try (GhostPipe pipe = client.pipe(true, null)) {
      DeviceRegistration registration = pipe.registerDevice();
      spec.commandLine()
          .getOut()
          .println(
              "registered "
                  + registration.deviceId()
                  + " fingerprint "
                  + registration.fingerprint()
                  + " ct_index "
                  + registration.ctIndex());
    }
    return ExitCodes.OK;
  }
}
