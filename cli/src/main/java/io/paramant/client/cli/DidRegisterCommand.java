package io.paramant.client.cli;

import io.paramant.client.DidRegistration;
import io.paramant.client.GhostPipe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paramant did register}: {@link GhostPipe#registerDid()}. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Registers this device's DID with the relay: first its public keys under the device id"
          + " (--device), exactly as 'keys register' does (the keys are generated if the key"
          + " directory has none), then the DID, with the API key and signed by the device's"
          + " ML-DSA-65 key. The DID is then resolved and checked in the relay's signed log."
          + " Registering again is harmless; a DID is never bound to another device.",
      "Prints the DID, the device id and the index of the DID's leaf in the log."
    })
final class DidRegisterCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Override
  public Integer call() {
    client.requireDevice();
    try (GhostPipe pipe = client.pipe(true, null)) {
      DidRegistration registration = pipe.registerDid();
      spec.commandLine()
          .getOut()
          .println(
              "registered "
                  + registration.did()
                  + " device "
                  + registration.deviceId()
                  + " ct_index "
                  + registration.ctIndex());
    }
    return ExitCodes.OK;
  }
}
