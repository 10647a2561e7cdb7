package io.paramant.admin.signin;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of the admin token, in the console and on the admin API alike.
 *
 * <p>Per client address: the first {@link #FREE_FAILURES} failures cost nothing; after that each
 * failure closes the door for twice as long as the one before (1 s, 2 s, 4 s … at most {@link
 * #MAX_BLOCK}). While the door is closed, attempts are refused without looking at the token, so a
 * guesser gets about 20 tries in the first ten minutes and one every five minutes after that. A
 * success clears the address. The table is bounded ({@link #MAX_ADDRESSES}); when it is full, the
 * oldest idle entries go first. Refusing instead of sleeping keeps request threads free.
 */
@ApplicationScoped
public class SignInThrottle {

  static final int FREE_FAILURES = 3;
  static final Duration MAX_BLOCK = Duration.ofMinutes(5);
  static final int MAX_ADDRESSES = 10_000;

  private record Failures(int count, Instant blockedUntil, Instant last) {}

  private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
  private final Clock clock;

  public SignInThrottle() {
    this(Clock.systemUTC());
  }

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Zero when {@code address} may try now, else how long it must wait. */
  public Duration waitFor(String address) {
    Failures f = byAddress.get(address);
    if (f == null) {
      return Duration.ZERO;
    }
    Duration wait = Duration.between(clock.instant(), f.blockedUntil());
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** Records a failed attempt; returns how long {@code address} must now wait. */
  public Duration failed(String address) {
    Instant now = clock.instant();
    if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
      evictIdle(now);
    }
    Failures f =
        byAddress.merge(
            address,
            new Failures(1, now, now),
            (old, one) -> {
              int count = old.count() + 1;
              return new Failures(count, now.plus(block(count)), now);
            });
    return Duration.between(now, f.blockedUntil()).isNegative()
        ? Duration.ZERO
        : Duration.between(now, f.blockedUntil());
  }

  /** Clears {@code address} after a successful sign-in. */
  public void succeeded(String address) {
    byAddress.remove(address);
  }

  static Duration block(int failures) {
    if (failures <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
    Duration block = Duration.ofSeconds(1L << doublings);
    return block.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : block;
  }

  private void evictIdle(Instant now) {
    Instant cutoff = now.minus(MAX_BLOCK.multipliedBy(2));
    for (Iterator<Failures> it = byAddress.values().iterator(); it.hasNext(); ) {
      if (it.next().last().isBefore(cutoff)) {
        it.remove();
      }
    }
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.entrySet().stream()
          .min(Map.Entry.comparingByValue((a, b) -> a.last().compareTo(b.last())))
          .ifPresent(oldest -> byAddress.remove(oldest.getKey()));
    }
  }
}
