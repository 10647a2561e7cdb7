package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.KeyScan;
import io.paramant.client.RelayRequestException;
import io.paramant.client.TransferException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The owner's monitor as the long-running commands ({@code stream}, {@code watch}) run it: a scan
 * ({@link GhostPipe#monitorKeys()}) when they start and then every {@code --monitor-interval} (a
 * picocli mixin). A key substitution ends the command with exit code 7, a log that does not verify
 * with exit code 1: both propagate, as the command cannot go on trusting the relay.
 *
 * <p>A scan the relay keeps from completing (no answer, a 5xx, a 404 for this device, answers so
 * slow that the scan is not done within one interval) is tried again at the next interval, but only
 * {@code --monitor-failures} times in a row: a relay that always fails the monitor's requests while
 * it serves the command's own would otherwise switch the owner's monitor off for good, which is
 * what a relay hiding a substitute key wants. After that many failed scans the command ends with
 * exit code 3 and says why. Without a device id there is nothing to monitor and nothing is said; a
 * device without keys is said once, and the command goes on without the monitor.
 */
final class KeyMonitorSchedule {

  @Option(
      names = "--monitor-interval",
      paramLabel = "INTERVAL",
      defaultValue = "5",
      converter = IntervalConverter.class,
      description =
          "Scan the relay's log for keys substituted for this device (as 'keys monitor') at start"
              + " and then every INTERVAL: minutes, or a duration such as 90s or 1h (default:"
              + " ${DEFAULT-VALUE} minutes; 0 turns it off). A finding ends the command with exit"
              + " code 7.")
  private Duration interval;

  @Option(
      names = "--monitor-failures",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "End the command (exit code 3) when this many scans in a row could not be completed"
              + " because of the relay (default: ${DEFAULT-VALUE}).")
  private int maxFailures;

  private LongSupplier clock = System::currentTimeMillis;
  private Duration deadline;
  private ExecutorService scanner;
  private long nextScan;
  private int failures;
  private boolean off;

  /** Uses {@code clock} (milliseconds) instead of the system clock; for tests. */
  KeyMonitorSchedule withClock(LongSupplier clock) {
    this.clock = clock;
    return this;
  }

  /** Gives a scan {@code deadline} to complete instead of one interval; for tests. */
  KeyMonitorSchedule withDeadline(Duration deadline) {
    this.deadline = deadline;
    return this;
  }

  /** The interval between scans (zero: off). */
  Duration interval() {
    return interval;
  }

  /** Milliseconds until the next scan is due; {@link Long#MAX_VALUE} when the monitor is off. */
  long millisUntilDue() {
    if (off || interval.isZero()) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, nextScan - clock.getAsLong());
  }

  /**
   * Scans if a scan is due.
   *
   * @throws io.paramant.client.KeySubstitutionException on a finding
   * @throws io.paramant.client.LogVerificationException if the log does not check out
   * @throws RelayRequestException if this is the {@code --monitor-failures}th scan in a row that
   *     the relay kept from completing
   */
  void scanIfDue(GhostPipe pipe, ClientOptions client, String command, PrintWriter err) {
    if (maxFailures < 1) {
      throw client.usage("--monitor-failures is 1 or more");
    }
    if (client.device().isEmpty()) {
      off = true; // nothing to monitor: a watch that sends without a device id of its own
      return;
    }
    scanIfDue(pipe::monitorKeys, command, err);
  }

  /** {@link #scanIfDue(GhostPipe, ClientOptions, String, PrintWriter)} with the scan given. */
  void scanIfDue(Supplier<KeyScan> scan, String command, PrintWriter err) {
    if (millisUntilDue() > 0) {
      return;
    }
    nextScan = clock.getAsLong() + interval.toMillis();
    try {
      err.println(command + ": key monitor: " + KeysMonitorCommand.describe(within(scan)));
      failures = 0;
    } catch (RelayRequestException | TransferException | ScanTimeout e) {
      // a TransferException here is the relay's 404 for this device, with no namespace configured
      // or pinned to scan in without it: the relay's word, so it counts as a failed scan
      failures++;
      if (failures >= maxFailures) {
        throw new RelayRequestException(
            "the key monitor could not complete "
                + failures
                + (failures == 1 ? " scan" : " scans in a row")
                + " (last: "
                + e.getMessage()
                + "); a relay that keeps this device's owner from its log may be hiding keys"
                + " substituted for it: stopping",
            e);
      }
      err.println(
          command
              + ": key monitor: "
              + e.getMessage()
              + " (failed scan "
              + failures
              + " of "
              + maxFailures
              + " in a row; will try again)");
    } catch (IllegalStateException e) {
      off = true; // local: this device has no keys
      err.println(command + ": key monitor off: " + e.getMessage());
    }
    err.flush();
  }

  /**
   * Runs {@code scan} on the monitor's own thread and waits for it at most one interval (at least a
   * minute): a relay that answers every request, but slowly, would otherwise stretch one scan
   * without bound (each request has its own time-outs and retries). A scan past its deadline is
   * cancelled (interrupted; nothing of it is stored) and counts as a failed scan.
   */
  private KeyScan within(Supplier<KeyScan> scan) {
    Duration limit = deadline != null ? deadline : max(interval, Duration.ofMinutes(1));
    if (scanner == null) {
      scanner =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "paramant-key-monitor");
                thread.setDaemon(true);
                return thread;
              });
    }
    Future<KeyScan> running = scanner.submit(scan::get);
    try {
      return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      throw new ScanTimeout("the scan did not complete within " + seconds(limit));
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      throw new ScanTimeout("the scan was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw (Error) e.getCause(); // a Supplier throws nothing checked
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** A scan that did not complete in time. */
  private static final class ScanTimeout extends RuntimeException {
    ScanTimeout(String message) {
      super(message);
    }
  }

  /** A bare number is minutes (0: off); else a duration as {@link TtlConverter} reads it. */
  static final class IntervalConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.strip();
      if (text.matches("[0-9]{1,9}")) {
        return Duration.ofMinutes(Long.parseLong(text));
      }
      return new TtlConverter().convert(text);
    }
  }
}
