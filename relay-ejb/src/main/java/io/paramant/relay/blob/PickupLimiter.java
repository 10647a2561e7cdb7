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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits anonymous drop pickups per client address: at most {@code
 * paramant.drop.pickups-per-minute} (default 10) in any sliding 60-second window. See the package
 * documentation for what "client address" means behind a proxy.
 *
 * <p>Memory is bounded: a client is tracked by the times of its last {@code limit} pickups only,
 * clients idle for a whole window are forgotten (every 10 s, and whenever the table is full), and
 * at most {@code paramant.drop.tracked-addresses} (default 10,000) clients are tracked at once.
 * When that many clients were all active within the last minute, a new client is refused with a
 * retry time too (fail closed): the limiter never grows without bound and never lets an unknown
 * client through unmetered.
 *
 * <p>A singleton with bean-managed concurrency: every decision is one atomic {@code compute} on a
 * {@link ConcurrentHashMap} entry, so different clients never wait for each other.
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
  private static final HexFormat HEX = HexFormat.of();

  @Inject
  @ConfigProperty(name = "paramant.drop.pickups-per-minute", defaultValue = "10")
  int configuredLimit;

  @Inject
  @ConfigProperty(name = "paramant.drop.tracked-addresses", defaultValue = "10000")
  int configuredMaxTracked;

  private final ConcurrentHashMap<String, History> clients = new ConcurrentHashMap<>();
  private final AtomicLong lastFullWarningMs = new AtomicLong(Long.MIN_VALUE);
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
   * Counts one pickup attempt of the client at {@code remoteAddress}, whatever its outcome.
   *
   * @param remoteAddress the TCP peer's address as the servlet container reports it
   * @throws RateLimitedException when the client has used up its pickups of the last minute, or
   *     when too many clients are being tracked to admit a new one
   */
  public void acquire(String remoteAddress) {
    String client = clientOf(remoteAddress);
    long now = clock.getAsLong();
    if (!clients.containsKey(client) && clients.size() >= maxTracked) {
      forgetIdle(now);
      if (clients.size() >= maxTracked) {
        warnFull(now);
        throw new RateLimitedException(
            (int) (WINDOW_MS / 1000), "Too many clients are picking up drops; retry later.");
      }
    }
    long[] waitMs = new long[1];
    clients.compute(
        client,
        (key, history) -> {
          History h = history != null ? history : new History(limit);
          waitMs[0] = h.tryAcquire(now);
          return h;
        });
    if (waitMs[0] > 0) {
      int seconds = (int) Math.max(1, (waitMs[0] + 999) / 1000);
      throw new RateLimitedException(
          seconds, "At most " + limit + " drop pickups per minute from one address.");
    }
  }

  /** Forgets clients whose last pickup is a whole window ago; runs every 10 seconds. */
  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    forgetIdle(clock.getAsLong());
  }

  /** Clients tracked now. */
  public int trackedClients() {
    return clients.size();
  }

  private void forgetIdle(long now) {
    for (String client : clients.keySet()) {
      clients.computeIfPresent(client, (key, history) -> history.idleAt(now) ? null : history);
    }
  }

  private void warnFull(long now) {
    long last = lastFullWarningMs.get();
    if ((last == Long.MIN_VALUE || now - last >= WINDOW_MS)
        && lastFullWarningMs.compareAndSet(last, now)) {
      LOG.log(
          Level.WARNING,
          "Drop pickup limiter is tracking {0} active addresses (paramant.drop.tracked-addresses);"
              + " new addresses are refused until some go idle",
          maxTracked);
    }
  }

  /**
   * The unit a limit applies to: an IPv4 address, or the /64 prefix of an IPv6 address (one
   * subscriber usually holds a whole /64, so counting single IPv6 addresses would not limit
   * anything). IPv4-mapped IPv6 addresses count as IPv4.
   */
  static String clientOf(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.isEmpty()) {
      return "unknown";
    }
    if (remoteAddress.indexOf(':') < 0) {
      return remoteAddress; // IPv4 (a host name is never a servlet remote address)
    }
    try {
      // A string with ':' is parsed as an IPv6 literal, never looked up in DNS.
      InetAddress address = InetAddress.getByName(remoteAddress);
      if (address instanceof Inet6Address) {
        return HEX.formatHex(address.getAddress(), 0, 8) + "::/64";
      }
      return address.getHostAddress();
    } catch (UnknownHostException | SecurityException e) {
      return remoteAddress;
    }
  }

  /**
   * The times of a client's last {@code limit} pickups, oldest first in a ring. Only touched inside
   * {@code compute} of its map entry, so never by two threads at once.
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
