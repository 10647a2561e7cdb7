package io.paramant.client;

/**
 * How far a transfer is, reported after every chunk to a {@link GhostPipe.Builder#progress
 * listener}.
 *
 * @param direction whether chunks are being sent or received
 * @param chunksDone chunks uploaded, or received and written to disk, so far (including chunks a
 *     resumed receive found done)
 * @param chunkCount the file's chunks
 * @param bytesDone file bytes in the chunks done
 * @param totalBytes the file's size
 */
public record Progress(
    Direction direction, int chunksDone, int chunkCount, long bytesDone, long totalBytes) {

  /** Which way the chunks go. */
  public enum Direction {
    SEND,
    RECEIVE
  }

  /** Whether this is the report of the last chunk. */
  public boolean done() {
    return chunksDone == chunkCount;
  }

  /**
   * Receives progress reports, one at a time: a receive reports on the caller's thread, a send on
   * the thread that uploads (a report means the chunk is stored). An exception thrown here ends the
   * transfer; a receive can then be resumed.
   */
  @FunctionalInterface
  public interface Listener {
    void onProgress(Progress progress);
  }
}
