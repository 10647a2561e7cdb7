package io.paramant.relay.push.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/**
 * {@code /v2/stream?ticket=...[&device=...]}: pushes {@code blob_ready} events. A bad, used or
 * expired ticket, or one whose account was revoked, is refused before the upgrade with HTTP 401, a
 * socket beyond its account's limit with HTTP 429 ({@link StreamAdmission}); a socket whose key is
 * revoked later is closed with 4401 ({@link Subscribers}).
 */
@ServerEndpoint("/v2/stream")
@Dependent
public class StreamEndpoint {

  @Inject Subscribers subscribers;

  @OnOpen
  public void open(Session session) {
    if (!(session.getUserPrincipal() instanceof StreamAdmission.Admitted admitted)
        || !admitted.claim()) {
      // not admitted by StreamAdmission (which sees every upgrade): ended on its read path anyway
      subscribers.closeOnItsReadPath(
          session,
          new CloseReason(
              CloseReason.CloseCodes.getCloseCode(Subscribers.UNAUTHORIZED), "invalid_ticket"));
      return;
    }
    // Sends the 'subscribed' greeting, which tells the client that announcements flow from now
    // on: blobs stored before it are not announced, so a client that must not miss any checks
    // /v2/status after receiving it.
    subscribers.add(session, admitted.account(), parameter(session, "device"));
  }

  /** Pongs (answers to the relay's pings) arrive here, on the container's read path. */
  @OnMessage
  public void pong(PongMessage pong, Session session) {
    subscribers.pong(session);
  }

  @OnClose
  public void close(Session session) {
    subscribers.remove(session);
  }

  @OnError
  public void error(Session session, Throwable error) {
    subscribers.remove(session);
  }

  private static String parameter(Session session, String name) {
    List<String> values = session.getRequestParameterMap().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
