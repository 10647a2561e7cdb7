package io.paramant.relay.push.boundary;

import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.accounts.AccountsChanged;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.Owner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The open {@code /v2/stream} sockets and what they are told.
 *
 * <p>Delivery: each stored blob is announced to every socket whose account may read it (same
 * account or team). A blob that names a device goes only to sockets of that device and to sockets
 * that named no device. Sends are asynchronous and never block an upload.
 *
 * <p>Slow consumers: each socket may have at most {@link #MAX_PENDING} announcements in flight. A
 * socket that falls further behind is closed with 1008 ("too slow"); the receiver reconnects and
 * uses {@code /v2/status} or its own bookkeeping to catch up. Memory per socket is thereby bounded.
 *
 * <p>Revocation: when users.json changes, sockets of accounts that are no longer active are closed
 * with 4401.
 */
@ApplicationScoped
public class Subscribers {

  /** Close code for a missing, used, expired or revoked credential. */
  static final short UNAUTHORIZED = 4401;

  static final int MAX_PENDING = 64;
  static final long PING_SECONDS = 25;

  private static final System.Logger LOG = System.getLogger(Subscribers.class.getName());

  private record Subscription(Owner owner, String device, AtomicInteger pending) {}

  private final Map<Session, Subscription> sockets = new ConcurrentHashMap<>();

  @Inject Accounts accounts;
  @Inject MetricRegistry metrics;

  private ManagedScheduledExecutorService scheduler;

  private Counter pushed;
  private ScheduledFuture<?> pings;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started)
      throws NamingException {
    // Looked up by its standard name, not injected with @Resource: in paramant.ear this bean may be
    // created while an EJB of relay-ejb fires an event, and resource injection then looks in that
    // EJB's java:comp/env, which has no entry for this class (the deployment fails).
    scheduler = InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
    metrics.gauge("paramant_sockets_open", sockets, Map::size);
    pushed = metrics.counter("paramant_events_pushed");
    pings = scheduler.scheduleAtFixedRate(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (pings != null) {
      pings.cancel(false);
    }
  }

  void add(Session session, Owner owner, String device) {
    sockets.put(session, new Subscription(owner, device, new AtomicInteger()));
  }

  void remove(Session session) {
    sockets.remove(session);
  }

  void announce(@Observes BlobEvent.Stored stored) {
    String message =
        Json.createObjectBuilder()
            .add("type", "blob_ready")
            .add("hash", stored.hash())
            .add("size", stored.size())
            .add("ts", stored.atMs())
            .build()
            .toString();
    sockets.forEach(
        (session, subscription) -> {
          if (stored.owner().mayRead(subscription.owner())
              && (stored.device() == null
                  || subscription.device() == null
                  || stored.device().equals(subscription.device()))) {
            send(session, subscription, message);
          }
        });
  }

  void closeRevoked(@Observes AccountsChanged changed) {
    sockets.forEach(
        (session, subscription) -> {
          if (!accounts.isActive(subscription.owner().account())) {
            close(session, UNAUTHORIZED, "key revoked");
          }
        });
  }

  private void send(Session session, Subscription subscription, String message) {
    if (subscription.pending().incrementAndGet() > MAX_PENDING) {
      close(session, CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "too slow");
      return;
    }
    session
        .getAsyncRemote()
        .sendText(
            message,
            result -> {
              subscription.pending().decrementAndGet();
              if (result.isOK()) {
                pushed.inc();
              }
            });
  }

  private void ping() {
    sockets
        .keySet()
        .forEach(
            session -> {
              try {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
              } catch (IOException | IllegalStateException e) {
                remove(session);
              }
            });
  }

  static void close(Session session, int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "socket already gone: {0}", e.getMessage());
    }
  }
}
