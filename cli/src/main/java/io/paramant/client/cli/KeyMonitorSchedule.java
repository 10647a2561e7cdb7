package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.RelayRequestException;
import io.paramant.client.TransferException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The owner's monitor as the long-running commands ({@code stream}, {@code watch}) run it: a scan
 * ({@link GhostPipe#monitorKeys()}) when they start and then every {@code --monitor-interval}
 * minutes (a picocli mixin). A key substitution ends the command with exit code 7, a log that does
 * not verify with exit code 1: both propagate, as the command cannot go on trusting the relay. A
 * relay that cannot be reached is tried again at the next interval. Without a device id there is
 * nothing to monitor and nothing is said; a device that cannot be monitored (no keys, not
 * registered) is said once, and the command goes on without the monitor.
 */
final class KeyMonitorSchedule {

  @Option(
      names = "--monitor-interval",
      paramLabel = "MINUTES",
      defaultValue = "5",
      description =
          "Scan the relay's log for keys substituted for this device (as 'keys monitor') at start"
              + " and then every MINUTES (default: ${DEFAULT-VALUE}; 0 turns it off). A finding"
              + " ends the command with exit code 7.")
  private int intervalMinutes;

  private long nextScan;
  private boolean off;

  /** Milliseconds until the next scan is due; {@link Long#MAX_VALUE} when the monitor is off. */
  long millisUntilDue() {
    if (off || intervalMinutes == 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, nextScan - System.currentTimeMillis());
  }

  /**
   * Scans if a scan is due.
   *
   * @throws io.paramant.client.KeySubstitutionException on a finding
   * @throws io.paramant.client.LogVerificationException if the log does not check out
   */
  void scanIfDue(GhostPipe pipe, ClientOptions client, String command, PrintWriter err) {
    if (intervalMinutes < 0) {
      throw client.usage("--monitor-interval is 0 (off) or more minutes");
    }
    if (millisUntilDue() > 0) {
      return;
    }
    nextScan = System.currentTimeMillis() + intervalMinutes * 60_000L;
    if (client.device().isEmpty()) {
      off = true; // nothing to monitor: a watch that sends without a device id of its own
      return;
    }
    try {
      err.println(command + ": key monitor: " + KeysMonitorCommand.describe(pipe.monitorKeys()));
    } catch (RelayRequestException e) {
      err.println(command + ": key monitor: " + e.getMessage() + " (will try again)");
    } catch (TransferException e) {
      turnOff(err, command, "this device is not registered (" + e.getMessage() + ")");
    } catch (IllegalStateException e) {
      turnOff(err, command, e.getMessage());
    }
    err.flush();
  }

  private void turnOff(PrintWriter err, String command, String why) {
    off = true;
    err.println(command + ": key monitor off: " + why);
    err.flush();
  }
}
