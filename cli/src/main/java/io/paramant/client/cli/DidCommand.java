package io.paramant.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code paramant did register|show|resolve}: this device's DID, and other devices' DIDs. */
@Command(
    name = "did",
    mixinStandardHelpOptions = true,
    subcommands = {DidRegisterCommand.class, DidShowCommand.class, DidResolveCommand.class},
    description = {
      "This device's DID (did:paramant: and 32 characters derived from its ML-DSA-65 and P-256"
          + " public keys, docs/did.md), and the DID documents of others, verified against the"
          + " relay's signed log. A registered DID can authenticate this device's requests instead"
          + " of the API key (--auth did)."
    })
final class DidCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: register, show or resolve");
  }
}
