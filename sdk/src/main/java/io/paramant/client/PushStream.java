package io.paramant.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open {@code /v2/stream} socket ({@link GhostPipe#stream}). Closing it ends the announcements;
 * {@link #closed()} tells when and how the stream ended.
 */
public final class PushStream implements AutoCloseable {

  private final WebSocket socket;
  private final CompletableFuture<Integer> closed;

  PushStream(WebSocket socket, CompletableFuture<Integer> closed) {
    this.socket = socket;
    this.closed = closed;
  }

  /**
   * Completes with the close code when the stream ends: the relay's ({@code 4401} for a key revoked
   * while the stream was open), {@code 1000} after {@link #close()}, or {@code -1} when the
   * connection failed.
   */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  /** Closes the socket (normal closure) and waits briefly for the relay to confirm. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    try {
      closed.get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // not confirmed in time, or the connection failed: either way it is gone
    } finally {
      socket.abort();
      closed.complete(WebSocket.NORMAL_CLOSURE);
    }
  }
}
