package io.paramant.relay.blob;

import io.paramant.relay.RateLimitedException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits anonymous drop pickups per client address: at most {@code
 * paramant.drop.pickups-per-minute} (default 10) in any sliding 60-second window. What "client
 * address" means behind a proxy, and that an IPv6 client counts by its /64 prefix, is
 * web-platform's one rule ({@code io.paramant.web.clients.ClientAddresses.limitUnitOf}); this class
 * only counts.
 *
 * <p>Memory is bounded: a client is tracked by the times of its last {@code limit} pickups only,
 * clients idle for a whole window are forgotten (every 10 s), and at most {@code
 * paramant.drop.tracked-addresses} (default 10,000) clients are tracked at once. When the table is
 * full, a new client evicts the least recently active one (the one whose last attempt, admitted or
 * refused, is oldest): the table can never be filled so that new clients are refused. Eviction
 * forgets that client's pickups; to have a client forgotten, an attacker must make attempts from as
 * many other addresses as the table holds, which already gives it that many clients' worth of
 * pickups; and every attempt, refused ones too, makes a client the most recently active again.
 *
 * <p>A singleton with bean-managed concurrency; the table is a {@link LinkedHashMap} in access
 * order under one lock, held for a constant number of steps per attempt (pickups are a human
 * action, so the lock is never contended for long), and for one pass over the table every 10 s.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PickupLimiter {

  static final long WINDOW_MS = 60_000;

  /** Limits beyond this would make the per-client history large; pickups are a human action. */
  static final int MAX_LIMIT = 1000;

  private static final System.Logger LOG = System.getLogger(PickupLimiter.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.drop.pickups-per-minute", defaultValue = "10")
  int configuredLimit;

  @Inject
  @ConfigProperty(name = "paramant.drop.tracked-addresses", defaultValue = "10000")
  int configuredMaxTracked;

  /** Client → history, least recently active first; guarded by itself. */
  private final LinkedHashMap<String, History> clients = new LinkedHashMap<>(16, 0.75f, true);

  private final AtomicLong lastEvictionWarningMs = new AtomicLong(Long.MIN_VALUE);
  private int limit;
  private int maxTracked;
  private LongSupplier clock;

  /** For the container. */
  public PickupLimiter() {}

  /** For tests without a container. */
  PickupLimiter(int limit, int maxTracked, LongSupplier clock) {
    init(limit, maxTracked, clock);
  }

  @PostConstruct
  void start() {
    // A monotonic clock: setting the wall clock back must not lock clients out.
    init(configuredLimit, configuredMaxTracked, () -> System.nanoTime() / 1_000_000);
    LOG.log(
        Level.INFO,
        "Drop pickups limited to {0} per minute per client address, {1} addresses tracked",
        limit,
        maxTracked);
  }

  private void init(int limit, int maxTracked, LongSupplier clock) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalStateException(
          "paramant.drop.pickups-per-minute must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (maxTracked < 1) {
      throw new IllegalStateException(
          "paramant.drop.tracked-addresses must be at least 1, was " + maxTracked);
    }
    this.limit = limit;
    this.maxTracked = maxTracked;
    this.clock = clock;
  }

  /**
   * Counts one pickup attempt of the client {@code client}, whatever its outcome.
   *
   * @param client the unit the limit applies to, as web-platform's {@code
   *     ClientAddresses.limitUnitOf} names it (an IPv4 address, or an IPv6 /64 prefix)
   * @throws RateLimitedException when the client has used up its pickups of the last minute
   */
  public void acquire(String client) {
    long now = clock.getAsLong();
    long waitMs;
    boolean evictedActive = false;
    synchronized (clients) {
      History history = clients.get(client); // now the most recently active
      if (history == null) {
        if (clients.size() >= maxTracked) {
          evictedActive = evictLeastRecentlyActive(now);
        }
        history = new History(limit);
        clients.put(client, history);
      }
      waitMs = history.tryAcquire(now);
    }
    if (evictedActive) {
      warnEviction(now);
    }
    if (waitMs > 0) {
      int seconds = (int) Math.max(1, (waitMs + 999) / 1000);
      throw new RateLimitedException(
          seconds, "At most " + limit + " drop pickups per minute from one address.");
    }
  }

  /** Forgets clients whose last pickup is a whole window ago; runs every 10 seconds. */
  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    long now = clock.getAsLong();
    synchronized (clients) {
      clients.values().removeIf(history -> history.idleAt(now));
    }
  }

  /** Clients tracked now. */
  public int trackedClients() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** Removes the eldest entry; whether it still limited anything. Holds the lock. */
  private boolean evictLeastRecentlyActive(long now) {
    Iterator<History> eldest = clients.values().iterator();
    boolean active = !eldest.next().idleAt(now);
    eldest.remove();
    return active;
  }

  private void warnEviction(long now) {
    long last = lastEvictionWarningMs.get();
    if ((last == Long.MIN_VALUE || now - last >= WINDOW_MS)
        && lastEvictionWarningMs.compareAndSet(last, now)) {
      LOG.log(
          Level.WARNING,
          "Drop pickup limiter: more than {0} addresses picked up drops within a minute"
              + " (paramant.drop.tracked-addresses); the least recently active are forgotten early",
          maxTracked);
    }
  }

  /**
   * The times of a client's last {@code limit} pickups, oldest first in a ring. Only touched under
   * the table's lock.
   */
  private static final class History {

    private final long[] times;
    private int oldest;
    private int count;

    History(int limit) {
      times = new long[limit];
    }

    /**
     * Records a pickup and returns 0, or returns the milliseconds (at least 1) until the next
     * pickup will be allowed.
     */
    long tryAcquire(long now) {
      if (count < times.length) {
        times[(oldest + count) % times.length] = now;
        count++;
        return 0;
      }
      if (now - times[oldest] >= WINDOW_MS) {
        times[oldest] = now;
        oldest = (oldest + 1) % times.length;
        return 0;
      }
      return times[oldest] + WINDOW_MS - now;
    }

    /** Whether the history no longer limits anything: the newest pickup left the window. */
    boolean idleAt(long now) {
      return count == 0 || now - times[(oldest + count - 1) % times.length] >= WINDOW_MS;
    }
  }
}
