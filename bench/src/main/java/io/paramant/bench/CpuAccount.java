package io.paramant.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the machine's CPU time went during a measured window: the relay process, this load
 * generator, and everything else (on a shared machine, other work distorts the figures; this makes
 * that visible). Linux only ({@code /proc}); figures are -1 elsewhere.
 */
final class CpuAccount {

  /** USER_HZ: the unit of /proc/stat and /proc/PID/stat times. */
  private static final double TICK_SECONDS = 0.01;

  /** CPU seconds at one instant. */
  record Snapshot(long nanoTime, double machineBusy, double relay, double self) {}

  private final List<Long> relayPids;

  CpuAccount(Long relayPid) {
    this(relayPid == null ? List.of() : List.of(relayPid));
  }

  /** The "relay" figures are those of all these processes together (e.g. nginx and its workers). */
  CpuAccount(List<Long> relayPids) {
    this.relayPids = List.copyOf(relayPids);
  }

  Snapshot snapshot() {
    double relay = relayPids.isEmpty() ? -1 : 0;
    for (long pid : relayPids) {
      double seconds = process(pid);
      if (seconds < 0) {
        relay = -1;
        break;
      }
      relay += seconds;
    }
    return new Snapshot(System.nanoTime(), machineBusy(), relay, self());
  }

  /** The machine's load average (1, 5, 15 minutes) from {@code /proc/loadavg}, or {@code n/a}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** One line of figures between two snapshots; {@code roundTrips} for the per-round-trip cost. */
  static String report(Snapshot from, Snapshot to, long roundTrips) {
    double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    if (wall <= 0 || from.machineBusy() < 0) {
      return "cpu           n/a (no /proc)";
    }
    double busy = to.machineBusy() - from.machineBusy();
    double self = to.self() - from.self();
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "cpu           machine busy %.2f of %d cores; load generator %.2f cores (%s ms/round trip)",
            busy / wall,
            cores,
            self / wall,
            perTrip(self, roundTrips)));
    if (from.relay() >= 0 && to.relay() >= 0) {
      double relay = to.relay() - from.relay();
      line.append(
          String.format(
              Locale.ROOT,
              "; relay %.2f cores (%s ms/round trip); other processes %.2f cores",
              relay / wall,
              perTrip(relay, roundTrips),
              Math.max(0, busy - relay - self) / wall));
    } else {
      line.append(
          String.format(
              Locale.ROOT, "; relay and others %.2f cores", Math.max(0, busy - self) / wall));
    }
    return line.toString();
  }

  private static String perTrip(double seconds, long roundTrips) {
    return roundTrips == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.1f", seconds * 1000 / roundTrips);
  }

  /** Busy CPU seconds of the whole machine since boot (all but idle and iowait). */
  private static double machineBusy() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * TICK_SECONDS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a process, all threads, in seconds. */
  private static double process(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
      // after "pid (comm) ": state is f[0]; utime and stime are fields 14 and 15 of the whole line
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double self() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1e9;
    }
    return -1;
  }
}
