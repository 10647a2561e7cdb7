package io.paramant.relay.push.boundary;

import io.paramant.relay.accounts.Account;
import io.paramant.relay.push.TicketException;
import io.paramant.relay.push.Tickets;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/**
 * {@code /v2/stream?ticket=...[&device=...]}: pushes {@code blob_ready} events. A bad, used or
 * expired ticket, or one whose account was revoked, is answered with close code 4401 right after
 * the upgrade; a socket beyond its account's limit with 4429 ({@link Subscribers}).
 */
@ServerEndpoint("/v2/stream")
@Dependent
public class StreamEndpoint {

  @Inject Tickets tickets;
  @Inject Subscribers subscribers;

  @OnOpen
  public void open(Session session) {
    Account account;
    try {
      account = tickets.redeem(parameter(session, "ticket"));
    } catch (TicketException e) {
      Subscribers.close(session, Subscribers.UNAUTHORIZED, e.code());
      return;
    }
    // Sends the 'subscribed' greeting, which tells the client that announcements flow from now
    // on: blobs stored before it are not announced, so a client that must not miss any checks
    // /v2/status after receiving it.
    subscribers.add(session, account, parameter(session, "device"));
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
