package io.paramant.client.internal.relay;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.StreamListener;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The client end of {@code /v2/stream}: puts text frames together, reads each message strictly and
 * hands {@code blob_ready} announcements to the listener. Other message types are ignored (a newer
 * relay may add some), and so is a message that breaks the documented shape: the stream is a hint
 * to download, and every downloaded blob is checked on its own.
 */
public final class PushSocket implements WebSocket.Listener {

  /** No announcement comes near this; longer messages are dropped unread. */
  private static final int MAX_MESSAGE = 64 * 1024;

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final StreamListener listener;
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private boolean tooLong;

  public PushSocket(StreamListener listener) {
    this.listener = listener;
  }

  /**
   * Completes when the relay said {@code subscribed}: every blob stored from then on is announced.
   * Completes exceptionally when the socket ends first.
   */
  public CompletableFuture<Void> subscribed() {
    return subscribed;
  }

  /** Completes with the close code, or -1 when the connection failed. */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    if (partial.length() + data.length() > MAX_MESSAGE) {
      tooLong = true;
    } else if (!tooLong) {
      partial.append(data);
    }
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      boolean skip = tooLong;
      tooLong = false;
      if (!skip) {
        announcement(message);
      }
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
    subscribed.completeExceptionally(new IllegalStateException("closed with " + code));
    closed.complete(code);
    listener.onClose(code, RelayClient.printable(reason));
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    subscribed.completeExceptionally(error);
    closed.complete(-1);
    listener.onError(error);
  }

  private void announcement(String message) {
    BlobAnnouncement announcement;
    try {
      JsonObject json = StrictJson.parse(message.getBytes(StandardCharsets.UTF_8));
      String type = StrictJson.string(json, "type");
      if ("subscribed".equals(type)) {
        subscribed.complete(null);
        return;
      }
      if (!"blob_ready".equals(type)) {
        return;
      }
      String hash = StrictJson.string(json, "hash");
      if (!HASH.matcher(hash).matches()) {
        return;
      }
      announcement =
          new BlobAnnouncement(
              hash,
              StrictJson.wholeNumber(json, "size"),
              Instant.ofEpochMilli(StrictJson.wholeNumber(json, "ts")));
    } catch (StrictJson.ShapeException e) {
      return;
    }
    listener.onAnnouncement(announcement);
  }
}
