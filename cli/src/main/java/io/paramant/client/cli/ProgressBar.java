package io.paramant.client.cli;

import io.paramant.client.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a transfer on standard error (docs/cli.md, "Progress"): bytes done of the total, the
 * rate and the time left, redrawn in place with a carriage return after every chunk, and a final
 * newline. Shown only when standard error is a terminal ({@link #wanted}) and only once the
 * transfer has run for more than a second, so that a quick command prints nothing and a script, a
 * pipe or a log file never sees a progress line.
 */
final class ProgressBar implements Progress.Listener {

  /**
   * Set by bin/paramant: {@code true} when its standard error is a terminal ({@code [[ -t 2 ]]}).
   */
  static final String TERMINAL_PROPERTY = "paramant.stderr.terminal";

  /** {@code always} or {@code never}: overrides the terminal test. */
  static final String ENV_PROGRESS = "PARAMANT_PROGRESS";

  private static final long SECOND = 1_000_000_000L;

  private final PrintWriter err;
  private final String command;
  private final LongSupplier nanoClock;
  private final long started;
  private int shownWidth = -1;

  private ProgressBar(PrintWriter err, String command, LongSupplier nanoClock) {
    this.err = err;
    this.command = command;
    this.nanoClock = nanoClock;
    this.started = nanoClock.getAsLong();
  }

  /**
   * The progress listener of {@code command}, or none when progress is not {@link #wanted}. The
   * clock starts now: the second before anything is shown counts from the command's start.
   */
  static Progress.Listener of(PrintWriter err, String command, boolean noProgress) {
    boolean shown =
        wanted(
            noProgress,
            System.getenv(ENV_PROGRESS),
            System.getProperty(TERMINAL_PROPERTY),
            System.console() != null);
    return shown ? new ProgressBar(err, command, System::nanoTime) : null;
  }

  /** A listener on a given clock, for tests. */
  static ProgressBar withClock(PrintWriter err, String command, LongSupplier nanoClock) {
    return new ProgressBar(err, command, nanoClock);
  }

  /**
   * Whether to show progress: never with {@code --no-progress}; else as {@code $PARAMANT_PROGRESS}
   * says ({@code always}, {@code never}); else when standard error is a terminal as bin/paramant
   * found it ({@value #TERMINAL_PROPERTY}); else, when run without bin/paramant, when the JVM has a
   * console (on JDK 17, standard input and output are terminals: the closest the JDK comes).
   */
  static boolean wanted(
      boolean noProgress, String environment, String terminalProperty, boolean console) {
    if (noProgress) {
      return false;
    }
    if (environment != null) {
      switch (environment.strip().toLowerCase(Locale.ROOT)) {
        case "always":
          return true;
        case "never":
          return false;
        default:
          break; // anything else: the terminal decides
      }
    }
    if (terminalProperty != null) {
      return Boolean.parseBoolean(terminalProperty);
    }
    return console;
  }

  @Override
  public synchronized void onProgress(Progress progress) {
    long elapsed = nanoClock.getAsLong() - started;
    if (shownWidth < 0 && elapsed <= SECOND) {
      return; // a transfer that took a second or less shows nothing, not even its last report
    }
    String line = line(command, progress, elapsed);
    // a shorter line than the last one: blanks over the rest of it
    String padding = " ".repeat(Math.max(0, shownWidth - line.length()));
    err.print("\r" + line + padding + (progress.done() ? System.lineSeparator() : ""));
    err.flush();
    shownWidth = line.length();
  }

  /**
   * {@code paramant send: 10.5 of 31.5 MB (33%), 5.2 MB/s, 0:04 left}; when done, {@code paramant
   * send: 31.5 MB (100%), 5.2 MB/s, in 0:06}.
   */
  static String line(String command, Progress progress, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    double rate = progress.bytesDone() / seconds;
    long percent =
        progress.totalBytes() == 0 ? 100 : 100 * progress.bytesDone() / progress.totalBytes();
    if (progress.done()) {
      return String.format(
          Locale.ROOT,
          "%s: %s MB (%d%%), %s MB/s, in %s",
          command,
          megabytes(progress.totalBytes()),
          percent,
          megabytes((long) rate),
          duration(Math.round(seconds)));
    }
    long remaining = progress.totalBytes() - progress.bytesDone();
    String left = rate > 0 ? duration((long) Math.ceil(remaining / rate)) + " left" : "-:-- left";
    return String.format(
        Locale.ROOT,
        "%s: %s of %s MB (%d%%), %s MB/s, %s",
        command,
        megabytes(progress.bytesDone()),
        megabytes(progress.totalBytes()),
        percent,
        megabytes((long) rate),
        left);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  /** {@code 0:07}, {@code 12:30}, {@code 1:02:03}. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
