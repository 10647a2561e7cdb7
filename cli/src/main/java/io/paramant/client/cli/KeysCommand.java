package io.paramant.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code paramant keys init|register|show|monitor}: this device's key pairs. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    subcommands = {
      KeysInitCommand.class,
      KeysRegisterCommand.class,
      KeysShowCommand.class,
      KeysMonitorCommand.class
    },
    description = {
      "This device's key pairs (ML-KEM-768 and P-256 to receive, ML-DSA-65 to sign), kept in"
          + " device.key in the key directory, readable by its owner only. The private keys are"
          + " never sent or printed."
    })
final class KeysCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: init, register, show or monitor");
  }
}
