package io.paramant.accounts;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Slows down guessing of the admin token, per client address. One rule for every door that takes
 * the token: the console's sign-in and its admin API (admin-web's {@code Gate}) and the relays'
 * {@code /v2/admin/*} routes (relay-ejb's {@code Accounts}).
 *
 * <p>The first {@link #FREE_FAILURES} failures cost nothing; after that each failure closes the
 * door for twice as long as the one before (1 s, 2 s, 4 s … at most {@link #MAX_BLOCK}), so a
 * guesser gets about 20 tries in the first ten minutes and one every five minutes after that. While
 * the door is closed, attempts are refused without looking at the token, and refusing instead of
 * sleeping keeps request threads free. A success clears the address.
 *
 * <p>Attempts in parallel: only a compared token that was wrong counts as a failure, so an admin's
 * script that sends several requests at once with the right token is never slowed down by its own
 * requests. What keeps a parallel guesser from getting many tokens compared before the first
 * failure is recorded is a bound on the attempts of one address <em>in flight</em> (admitted, not
 * yet decided): its failures and attempts in flight together at most {@link #MAX_IN_FLIGHT} while
 * it has fewer than {@link #FREE_FAILURES} failures, one at a time after that. A guesser thereby
 * gets at most {@link #MAX_IN_FLIGHT} guesses in its first burst instead of the three free ones,
 * then one at a time with the door's waits between them; an attempt beyond the bound is refused
 * unchecked with a one-second wait. (Counting every attempt as a failure before the comparison, as
 * this class did first, bounded the burst to four but made the fourth of four concurrent requests
 * with the right token close the door for the others.)
 *
 * <p>The table is bounded ({@link #MAX_ADDRESSES}); when it is full, the entries idle for two
 * maximum blocks go first, then the oldest one: a new address is never refused because of the
 * table. The clock is monotonic: setting the wall clock back neither locks out nor frees.
 */
public final class GuessThrottle {

  static final int FREE_FAILURES = 3;
  static final int MAX_IN_FLIGHT = 8;
  static final Duration MAX_BLOCK = Duration.ofMinutes(5);
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);
  static final int MAX_ADDRESSES = 10_000;

  /** How an attempt ended. */
  public enum Outcome {
    /** The token was compared and was right. */
    ACCEPTED,
    /** The token was compared and was wrong; the address now waits {@link Verdict#retryAfter}. */
    WRONG,
    /** The token was not compared: the address must wait {@link Verdict#retryAfter} first. */
    THROTTLED
  }

  /**
   * An attempt's outcome and the wait that applies to the address now (zero after a success and
   * after a free failure).
   */
  public record Verdict(Outcome outcome, Duration retryAfter) {}

  private record Entry(int failures, int inFlight, long blockedUntilNanos, long lastNanos) {}

  private final Map<String, Entry> byAddress = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  /** With the JVM's monotonic clock. */
  public GuessThrottle() {
    this(System::nanoTime);
  }

  /** For tests: a clock in nanoseconds that the test moves. */
  public GuessThrottle(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * One attempt from {@code address}: refused unchecked while its door is closed or while it has as
   * many attempts in flight as it may; otherwise {@code compare} runs (it compares the token, and
   * whatever else the door asks for) and its answer is recorded. A {@code compare} that throws
   * counts as a wrong token.
   */
  public Verdict attempt(String address, BooleanSupplier compare) {
    Duration refused = enter(address);
    if (refused != null) {
      return new Verdict(Outcome.THROTTLED, refused);
    }
    boolean right;
    try {
      right = compare.getAsBoolean();
    } catch (RuntimeException | Error e) {
      leave(address, false);
      throw e;
    }
    Duration wait = leave(address, right);
    return new Verdict(right ? Outcome.ACCEPTED : Outcome.WRONG, wait);
  }

  /** Admits an attempt (raising the count in flight) and returns null, or returns the wait. */
  private Duration enter(String address) {
    long now = nanoClock.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
      evict(now);
    }
    Duration[] refused = new Duration[1];
    byAddress.compute(
        address,
        (key, old) -> {
          Entry entry = old == null ? new Entry(0, 0, now, now) : old;
          if (entry.blockedUntilNanos() - now > 0) {
            refused[0] = Duration.ofNanos(entry.blockedUntilNanos() - now);
            return old;
          }
          // failures and attempts in flight together at most MAX_IN_FLIGHT, so that a burst gets no
          // more compares than that however its attempts interleave; past the free ones, one at a
          // time
          int allowed = entry.failures() < FREE_FAILURES ? MAX_IN_FLIGHT - entry.failures() : 1;
          if (entry.inFlight() >= allowed) {
            refused[0] = IN_FLIGHT_WAIT;
            return old;
          }
          return new Entry(entry.failures(), entry.inFlight() + 1, entry.blockedUntilNanos(), now);
        });
    return refused[0];
  }

  /** Records an admitted attempt's answer; returns the address's wait from now on. */
  private Duration leave(String address, boolean right) {
    long now = nanoClock.getAsLong();
    Duration[] wait = {Duration.ZERO};
    byAddress.compute(
        address,
        (key, old) -> {
          // old is null only if a full table evicted the address meanwhile
          int inFlight = old == null ? 0 : Math.max(0, old.inFlight() - 1);
          if (right) {
            return inFlight == 0 ? null : new Entry(0, inFlight, now, now);
          }
          int failures = (old == null ? 0 : old.failures()) + 1;
          wait[0] = block(failures);
          long blockedUntil = now + wait[0].toNanos();
          if (old != null && old.blockedUntilNanos() - blockedUntil > 0) {
            blockedUntil = old.blockedUntilNanos(); // a longer wait set meanwhile stays
          }
          return new Entry(failures, inFlight, blockedUntil, now);
        });
    return wait[0];
  }

  /** Addresses with failures or attempts in flight on record. */
  int trackedAddresses() {
    return byAddress.size();
  }

  /** How long the {@code failures}-th failure in a row closes the door. */
  static Duration block(int failures) {
    if (failures <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
    Duration block = Duration.ofSeconds(1L << doublings);
    return block.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : block;
  }

  private void evict(long now) {
    long idle = MAX_BLOCK.multipliedBy(2).toNanos();
    for (Iterator<Entry> it = byAddress.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastNanos() > idle) {
        it.remove();
      }
    }
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.entrySet().stream()
          .max(
              (a, b) ->
                  Long.compare(now - a.getValue().lastNanos(), now - b.getValue().lastNanos()))
          .ifPresent(oldest -> byAddress.remove(oldest.getKey()));
    }
  }
}
