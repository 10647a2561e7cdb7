package io.paramant.client.cli;

import io.paramant.client.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a transfer of more than one chunk, on standard error: a bar redrawn in place on a
 * terminal, one line per chunk otherwise (a log file or a pipe gets no carriage returns). Transfers
 * of a single chunk show nothing.
 */
final class ProgressBar implements Progress.Listener {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String command;
  private final boolean terminal;

  ProgressBar(PrintWriter err, String command) {
    this(err, command, System.console() != null);
  }

  ProgressBar(PrintWriter err, String command, boolean terminal) {
    this.err = err;
    this.command = command;
    this.terminal = terminal;
  }

  @Override
  public void onProgress(Progress progress) {
    if (progress.chunkCount() <= 1) {
      return;
    }
    String verb = progress.direction() == Progress.Direction.SEND ? "sent" : "received";
    String figures =
        String.format(
            Locale.ROOT,
            "%d/%d chunks %s (%s of %s)",
            progress.chunksDone(),
            progress.chunkCount(),
            verb,
            megabytes(progress.bytesDone()),
            megabytes(progress.totalBytes()));
    if (terminal) {
      int filled = (int) ((long) WIDTH * progress.chunksDone() / progress.chunkCount());
      err.print(
          "\r"
              + command
              + ": ["
              + "#".repeat(filled)
              + ".".repeat(WIDTH - filled)
              + "] "
              + figures
              + (progress.done() ? System.lineSeparator() : ""));
    } else {
      err.println(command + ": " + figures);
    }
    err.flush();
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
