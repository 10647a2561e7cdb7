package io.paramant.client;

/**
 * Receives what the relay pushes on {@code /v2/stream} ({@link GhostPipe#stream}). The methods run
 * on the socket's thread, one at a time: hand long work (such as downloading the blob) to another
 * thread, or the socket falls behind and the relay closes it (1008 after 64 announcements).
 */
public interface StreamListener {

  /** A blob for this account was stored. */
  void onAnnouncement(BlobAnnouncement announcement);

  /**
   * The stream ended: the relay closed it ({@code 4401}: the API key was revoked while the stream
   * was open; {@code 1008}: this listener fell behind), or {@link PushStream#close()} did. A ticket
   * the relay does not accept, or a socket beyond the account's limit, is refused before the stream
   * opens: opening it fails with a {@code RelayRequestException} carrying HTTP 401 or 429.
   */
  default void onClose(int code, String reason) {}

  /** The connection failed; no {@link #onClose} follows. */
  default void onError(Throwable error) {}
}
