package io.paramant.client.internal.transfer;

import io.paramant.client.Progress;
import io.paramant.client.Progress.Direction;

/** Tells the caller's {@link Progress.Listener}, if there is one, how far a transfer got. */
public final class ProgressReport {

  private final Progress.Listener listener;

  /**
   * @param listener the caller's, or null for none
   */
  public ProgressReport(Progress.Listener listener) {
    this.listener = listener;
  }

  /** {@code done} of {@code count} chunks, {@code bytes} of {@code total}. */
  public void report(Direction direction, int done, int count, long bytes, long total) {
    if (listener != null) {
      listener.onProgress(new Progress(direction, done, count, bytes, total));
    }
  }
}
