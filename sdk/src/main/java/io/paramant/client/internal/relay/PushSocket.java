package io.paramant.client.internal.relay;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.RelayRequestException;
import io.paramant.client.StreamListener;
import io.paramant.client.TransferException;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** A push socket the relay confirmed, and its close code once it ends. */
  public record Opened(WebSocket webSocket, CompletableFuture<Integer> closed) {}

  public PushSocket(StreamListener listener) {
    this.listener = listener;
  }

  /**
   * Opens the stream at {@code uri} (ticket included) and returns once the relay confirmed the
   * subscription, so every blob stored after this call is announced to {@code listener}.
   *
   * @param relay the relay's base URL, for messages
   * @throws RelayRequestException if the socket cannot be had or is not confirmed in time
   * @throws TransferException {@code INTERRUPTED}
   */
  public static Opened open(HttpClient http, URI uri, StreamListener listener, URI relay) {
    PushSocket socket = new PushSocket(listener);
    try {
      WebSocket webSocket =
          http.newWebSocketBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .buildAsync(uri, socket)
              .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      // announcements flow once the relay says so; a blob stored earlier would be missed
      socket.subscribed().get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      return new Opened(webSocket, socket.closed());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WebSocketHandshakeException handshake) {
        int status = handshake.getResponse().statusCode();
        throw new RelayRequestException(
            "GET /v2/stream on " + relay + ": HTTP " + status + " instead of a WebSocket",
            status,
            null);
      }
      throw new RelayRequestException(
          "cannot open the push stream of " + relay + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new RelayRequestException("no push stream from " + relay + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    }
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
    listener.onClose(code, RelayHttp.printable(reason));
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
