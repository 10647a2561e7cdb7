package io.paramant.accounts;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>An attempt is counted as a failure <em>before</em> its token is compared (and forgiven by
 * {@link #succeeded} if it matches), so guesses sent in parallel cannot all slip through before the
 * first failure is recorded: once the door closes, every later attempt waits.
 *
 * <p>The table is bounded ({@link #MAX_ADDRESSES}); when it is full, the entries idle for two
 * maximum blocks go first, then the oldest one: a new address is never refused because of the
 * table. The clock is monotonic: setting the wall clock back neither locks out nor frees.
 */
public final class GuessThrottle {

  static final int FREE_FAILURES = 3;
  static final Duration MAX_BLOCK = Duration.ofMinutes(5);
  static final int MAX_ADDRESSES = 10_000;

  /** What an attempt may do. */
  public record Admission(boolean admitted, Duration delay) {

    /**
     * Check the token; if it is wrong, the address must wait {@code waitOnFailure} (zero for the
     * free failures).
     */
    public static Admission check(Duration waitOnFailure) {
      return new Admission(true, waitOnFailure);
    }

    /** Do not check the token: the address must wait {@code remaining} first. */
    public static Admission throttled(Duration remaining) {
      return new Admission(false, remaining);
    }
  }

  private record Failures(int count, long blockedUntilNanos, long lastNanos) {}

  private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
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
   * One attempt from {@code address}: refused unchecked while its door is closed; otherwise counted
   * as a failure now (undone by {@link #succeeded}) and admitted for checking.
   */
  public Admission admit(String address) {
    long now = nanoClock.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
      evict(now);
    }
    Admission[] admission = new Admission[1];
    byAddress.compute(
        address,
        (key, old) -> {
          if (old != null && old.blockedUntilNanos() - now > 0) {
            admission[0] = Admission.throttled(Duration.ofNanos(old.blockedUntilNanos() - now));
            return old;
          }
          int count = old == null ? 1 : old.count() + 1;
          Duration block = block(count);
          admission[0] = Admission.check(block);
          return new Failures(count, now + block.toNanos(), now);
        });
    return admission[0];
  }

  /** The attempt's token was right: {@code address} starts again with free failures. */
  public void succeeded(String address) {
    byAddress.remove(address);
  }

  /** Addresses with failures on record. */
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
    for (Iterator<Failures> it = byAddress.values().iterator(); it.hasNext(); ) {
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
