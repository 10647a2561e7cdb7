package io.paramant.relay.push.boundary;

import io.paramant.accounts.Plan;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.accounts.AccountsChanged;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.Owner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The open {@code /v2/stream} sockets and what they are told.
 *
 * <p>Delivery: each stored blob is announced to every socket whose account may read it (same
 * account or team). A blob that names a device goes only to sockets of that device and to sockets
 * that named no device. The upload's thread only queues the announcement in each socket's {@link
 * Outbox}; the {@link SendLanes} write it, so an upload never waits for a socket.
 *
 * <p>Slow consumers: each socket may have at most {@link #MAX_PENDING} messages queued or being
 * written. A socket that falls further behind is closed with 1008 ("too slow"); the receiver
 * reconnects and uses {@code /v2/status} or its own bookkeeping to catch up. Memory per socket is
 * thereby bounded.
 *
 * <p>Revocation: when users.json changes, sockets of accounts that are no longer active are closed
 * with 4401.
 *
 * <p>Per account: an account (the ticket's key's account; each device account of a team counts on
 * its own) keeps at most {@code paramant.stream.max-sockets.<plan>} sockets open at once (defaults
 * {@link Plan#defaultSockets}: free 16, pro 128, enterprise 1,024). The count is checked and raised
 * in one atomic step before the upgrade ({@link #reserve}, from {@link StreamAdmission}); a socket
 * beyond it is refused there with HTTP 429 and counted in {@code paramant_sockets_refused_limit}.
 * Every way a socket leaves ({@link #drop}) lowers the count once.
 */
@ApplicationScoped
public class Subscribers {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  /** Close code for a missing, used, expired or revoked credential. */
  static final short UNAUTHORIZED = 4401;

  /** How long a socket the relay ends waits for its pong before it is closed anyway. */
  static final long CLOSE_GRACE_MS = 2_000;

  /** How long a socket counted before its upgrade waits for its {@code @OnOpen}. */
  static final long UNCLAIMED_MS = 30_000;

  static final int MAX_PENDING = 64;
  static final long PING_SECONDS = 25;
  static final int LANES = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private static final System.Logger LOG = System.getLogger(Subscribers.class.getName());

  private record Subscription(Owner owner, String device, Outbox outbox) {}

  private final Map<Session, Subscription> sockets = new ConcurrentHashMap<>();

  /** Sockets the relay ends, waiting for their pong ({@link #closeOnItsReadPath}). */
  private final Map<Session, CloseReason> pendingCloses = new ConcurrentHashMap<>();

  /** Open sockets per account label; only accounts with a socket have an entry. */
  private final ConcurrentHashMap<String, Integer> perAccount = new ConcurrentHashMap<>();

  private final EnumMap<Plan, Integer> socketLimits = new EnumMap<>(Plan.class);

  @Inject Accounts accounts;
  @Inject MetricRegistry metrics;

  @Inject
  @ConfigProperty(name = "paramant.stream.max-sockets.free")
  Optional<Integer> maxSocketsFree;

  @Inject
  @ConfigProperty(name = "paramant.stream.max-sockets.pro")
  Optional<Integer> maxSocketsPro;

  @Inject
  @ConfigProperty(name = "paramant.stream.max-sockets.enterprise")
  Optional<Integer> maxSocketsEnterprise;

  private ManagedScheduledExecutorService scheduler;
  private SendLanes lanes;

  private Counter pushed;
  private Counter closedSlow;
  private Counter refusedLimit;
  private ScheduledFuture<?> pings;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started)
      throws NamingException {
    socketLimits.put(Plan.FREE, socketLimit(Plan.FREE, maxSocketsFree));
    socketLimits.put(Plan.PRO, socketLimit(Plan.PRO, maxSocketsPro));
    socketLimits.put(Plan.ENTERPRISE, socketLimit(Plan.ENTERPRISE, maxSocketsEnterprise));
    // Looked up by their standard names, not injected with @Resource: in paramant.ear this bean may
    // be created while an EJB of relay-ejb fires an event, and resource injection then looks in
    // that
    // EJB's java:comp/env, which has no entry for this class (the deployment fails).
    scheduler = InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
    ManagedThreadFactory threads = InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
    lanes = new SendLanes(LANES, threads);
    metrics.gauge("paramant_sockets_open", sockets, Map::size);
    metrics.gauge("paramant_push_sockets_waiting", lanes, SendLanes::waiting);
    pushed = metrics.counter("paramant_events_pushed");
    closedSlow = metrics.counter("paramant_sockets_closed_slow");
    refusedLimit = metrics.counter("paramant_sockets_refused_limit");
    pings = scheduler.scheduleAtFixedRate(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (pings != null) {
      pings.cancel(false);
    }
    if (lanes != null) {
      lanes.stop();
    }
  }

  private static int socketLimit(Plan plan, Optional<Integer> configured) {
    int limit = configured.orElse(plan.defaultSockets());
    if (limit < 1) {
      throw new IllegalStateException(
          "paramant.stream.max-sockets." + plan.wireName() + " must be at least 1, was " + limit);
    }
    return limit;
  }

  /** The most sockets an account of {@code plan} may keep open here. */
  int socketLimit(Plan plan) {
    return socketLimits.get(plan);
  }

  /**
   * Counts a socket for {@code account} before its upgrade ({@link StreamAdmission}), in one atomic
   * step with the check against its plan's limit: false (and counted in {@code
   * paramant_sockets_refused_limit}) when it already has as many as it may.
   */
  boolean reserve(Account account) {
    if (tryCount(account.label(), socketLimit(account.plan()))) {
      return true;
    }
    refusedLimit.inc();
    return false;
  }

  /** Gives back a socket counted by {@link #reserve} that never opened. */
  void release(Account account) {
    uncount(account.label());
  }

  /**
   * Gives back {@code admitted}'s counted socket if no {@code @OnOpen} has claimed it within {@link
   * #UNCLAIMED_MS} (an upgrade that was answered 101 but never reached the endpoint).
   */
  void releaseUnlessClaimed(StreamAdmission.Admitted admitted) {
    scheduler.schedule(
        () -> {
          if (admitted.release()) {
            release(admitted.account());
          }
        },
        UNCLAIMED_MS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Subscribes a socket (on its opening thread) whose socket {@link StreamAdmission} counted, and
   * greets it with {@code subscribed}: the greeting is handed to Tyrus before the socket is visible
   * to {@link #announce}, so it precedes every announcement; from then on only the socket's lane
   * writes to it.
   */
  void add(Session session, Account account, String device) {
    Owner owner = account.owner();
    String greeting = "{\"type\":\"subscribed\",\"ts\":" + System.currentTimeMillis() + "}";
    try {
      withPlatformLoader(
          () -> {
            // The relay pings every 25 s; idleness is not an error here. Tyrus reschedules its idle
            // check on every write whatever this value; with 0 that check does nothing and runs at
            // once (a real timeout would leave a cancelled timer per write in the scheduler's
            // queue).
            session.setMaxIdleTimeout(0);
            session.getAsyncRemote().sendText(greeting);
          });
    } catch (RuntimeException gone) {
      uncount(account.label()); // never subscribed: no drop() will follow
      throw gone;
    }
    Outbox outbox = new Outbox(new SessionSocket(session), lanes.next(), MAX_PENDING);
    Subscription subscription = new Subscription(owner, device, outbox);
    sockets.put(session, subscription);
    if (!accounts.isActive(owner.account()) && drop(session, subscription)) {
      outbox.close(UNAUTHORIZED, "key revoked"); // revoked between the ticket and now
    }
  }

  void remove(Session session) {
    pendingCloses.remove(session);
    Subscription subscription = sockets.get(session);
    if (subscription != null) {
      drop(session, subscription);
    }
  }

  /** Forgets a socket and lowers its account's count, once: true for the caller that did it. */
  private boolean drop(Session session, Subscription subscription) {
    if (sockets.remove(session, subscription)) {
      uncount(subscription.owner().account());
      return true;
    }
    return false;
  }

  private void uncount(String account) {
    perAccount.computeIfPresent(account, (key, count) -> count > 1 ? count - 1 : null);
  }

  private boolean tryCount(String account, int limit) {
    boolean[] counted = new boolean[1];
    perAccount.compute(
        account,
        (key, count) -> {
          int n = count == null ? 0 : count;
          if (n >= limit) {
            return count;
          }
          counted[0] = true;
          return n + 1;
        });
    return counted[0];
  }

  void announce(@Observes BlobEvent.Stored stored) {
    String message =
        BUILDERS
            .createObjectBuilder()
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
                  || stored.device().equals(subscription.device()))
              && !subscription.outbox().offer(message)) {
            drop(session, subscription); // too slow: its lane closes it
          }
        });
  }

  void closeRevoked(@Observes AccountsChanged changed) {
    sockets.forEach(
        (session, subscription) -> {
          if (!accounts.isActive(subscription.owner().account()) && drop(session, subscription)) {
            subscription.outbox().close(UNAUTHORIZED, "key revoked");
          }
        });
  }

  private void ping() {
    sockets.values().forEach(subscription -> subscription.outbox().ping());
  }

  /**
   * Ends an established socket from the relay's side (its key was revoked, it fell behind) on the
   * container's read path rather than on the calling thread: the socket is pinged and closed when
   * its pong arrives ({@link #pong}, from the endpoint's {@code @OnMessage}); a peer that does not
   * answer within {@link #CLOSE_GRACE_MS} is closed from a scheduler thread then.
   *
   * <p>Why: on Payara Micro 6 and 7 (Tyrus 2.1 on the servlet upgrade), {@code Session.close} runs
   * the end of the upgraded HTTP exchange on the calling thread ({@code WebConnectionImpl.close},
   * {@code Request.resumeAfterService}: finishing and recycling the request and response) while a
   * container thread may be reading a frame the peer sent meanwhile (its close reply, a pong). The
   * two recycle the same objects, which then serve other connections: about one such close in a
   * hundred with a peer that answers put GRIZZLY0013 and AS-WEB-CORE-00037 in the log, and in
   * general another client can get an answer that is not its own. Closed from the read path, or
   * with a silent peer, none did (several hundred closes each; measured with a raw client against
   * this relay and a minimal endpoint). A peer that never answers the ping but keeps sending its
   * own pings is closed after the grace from another thread: that case stays exposed until the
   * container serialises the close with its reads (docs/operations.md, "Refused sockets").
   */
  void closeOnItsReadPath(Session session, CloseReason reason) {
    if (pendingCloses.putIfAbsent(session, reason) != null) {
      return;
    }
    scheduler.schedule(
        () -> {
          if (pendingCloses.remove(session, reason)) {
            close(session, reason);
          }
        },
        CLOSE_GRACE_MS,
        TimeUnit.MILLISECONDS);
    if (!ping(session)) {
      pendingCloses.remove(session, reason); // nothing will answer: the socket is gone already
    }
  }

  /** Sends an empty ping; false when the socket is gone. */
  private static boolean ping(Session session) {
    try {
      withPlatformLoader(
          () -> {
            try {
              session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      return true;
    } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException gone) {
      return false;
    }
  }

  /** A pong arrived (on the container's read path): a close waiting for it happens now. */
  void pong(Session session) {
    CloseReason reason = pendingCloses.remove(session);
    if (reason != null) {
      close(session, reason);
    }
  }

  private static void close(Session session, CloseReason reason) {
    try {
      session.close(reason);
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "socket already gone: {0}", e.getMessage());
    }
  }

  /**
   * Runs a Tyrus write with the JDK's platform class loader as the thread's context class loader.
   *
   * <p>Every message and ping makes Tyrus reschedule the session's idle-timeout task on Payara's
   * managed scheduler ({@code TyrusSession.restartIdleTimeoutExecutor}, whatever the idle timeout),
   * and Payara captures the calling thread's context for each such task. Part of that capture is a
   * {@code ServiceLoader} look-up of {@code ThreadContextProvider}s through the thread's context
   * class loader, i.e. through every jar the application can see. With the application's loader
   * that look-up was over a third of the relay's CPU with 1,000 sockets (the rescheduling as a
   * whole about half); through the platform class loader it covers the JDK only. The task captured
   * (Tyrus's idle check, which does nothing with idle timeout 0) needs nothing of the application,
   * and Tyrus loads no classes to write a frame.
   */
  private static void withPlatformLoader(Runnable write) {
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      write.run();
    } finally {
      thread.setContextClassLoader(loader);
    }
  }

  /** The writes of one socket, called on its lane. */
  private final class SessionSocket implements Outbox.Socket {
    private final Session session;

    SessionSocket(Session session) {
      this.session = session;
    }

    @Override
    public void send(String text, Runnable done) {
      try {
        withPlatformLoader(
            () ->
                session
                    .getAsyncRemote()
                    .sendText(
                        text,
                        result -> {
                          done.run();
                          if (result.isOK()) {
                            pushed.inc();
                          }
                        }));
      } catch (IllegalStateException | IllegalArgumentException closed) {
        done.run();
        remove(session);
      }
    }

    @Override
    public void ping() {
      if (!Subscribers.ping(session)) {
        remove(session);
      }
    }

    @Override
    public void close(int code, String reason) {
      if (code == Outbox.TOO_SLOW) {
        closedSlow.inc();
      }
      closeOnItsReadPath(
          session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }
  }
}
