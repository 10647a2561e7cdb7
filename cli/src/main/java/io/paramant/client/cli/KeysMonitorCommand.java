package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.KeyScan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paramant keys monitor}: {@link GhostPipe#monitorKeys()}, once. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scans the relay's log for keys registered for this device (--device) that are not its own:"
          + " the owner's monitor. The first scan reads every leaf from index 0, later scans"
          + " continue where the last stopped (state in the state directory, key-monitor/). Every"
          + " leaf is read from its raw bytes and proven by rebuilding the root of the relay's"
          + " verified signed tree head; every pubkey leaf for this device, and every notary leaf"
          + " it signed, must name this device's key fingerprint.",
      "Prints how many leaves it checked and up to which tree size. A leaf that binds this device"
          + " to another fingerprint is reported with its index, sector, time and the foreign"
          + " fingerprint, and ends the command with exit code 7; so does every later scan (a"
          + " finding is kept until the state file is deleted). 'paramant stream' and 'paramant"
          + " watch' run the same scan every few minutes."
    })
final class KeysMonitorCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Override
  public Integer call() {
    client.requireDevice();
    try (GhostPipe pipe = client.pipe(true, null)) {
      spec.commandLine().getOut().println(describe(pipe.monitorKeys()));
    }
    return ExitCodes.OK;
  }

  /** The line a clean scan prints. */
  static String describe(KeyScan scan) {
    return "checked "
        + scan.leavesChecked()
        + " leaves ("
        + (scan.leavesChecked() == 0
            ? "none new"
            : "index " + scan.fromIndex() + " to " + (scan.treeSize() - 1))
        + ") up to tree size "
        + scan.treeSize()
        + " of log "
        + scan.logKeyId()
        + ": no key substitution for "
        + scan.deviceId()
        + " ("
        + scan.namespace()
        + ", fingerprint "
        + scan.fingerprint()
        + ")";
  }
}
