package io.paramant.relay.did;

import io.paramant.relay.RateLimitedException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Nonces spent by DID-authenticated requests, each kept until its timestamp + 300 s + 5 s of skew
 * (after which its timestamp is refused anyway). Bounded: at most {@code perDid} live nonces per
 * DID and {@code total} in all; beyond, 429 {@code too_many_nonces}. Only a request whose signature
 * verified reaches {@link #spend}, so only a key holder can fill its DID's share.
 *
 * <p>One lock: a spend is a map lookup and insert (well under a microsecond), far below the
 * signature check that precedes it.
 */
final class DidNonces {

  static final long WINDOW_MS = 300_000;
  static final long KEEP_MS = WINDOW_MS + 5_000;
  static final int PER_DID = 20_000;
  static final int TOTAL = 500_000;
  private static final long SWEEP_EVERY_MS = 10_000;

  private final int perDid;
  private final int total;
  private final Map<String, Map<String, Long>> byDid = new HashMap<>();
  private int count;
  private long lastSweep;

  DidNonces() {
    this(PER_DID, TOTAL);
  }

  DidNonces(int perDid, int total) {
    this.perDid = perDid;
    this.total = total;
  }

  /**
   * Spends {@code nonce} for {@code did}.
   *
   * @return false when it was spent already and is still kept
   * @throws RateLimitedException {@code too_many_nonces} when a bound is reached
   */
  synchronized boolean spend(String did, String nonce, long timestampMs, long nowMs) {
    if (nowMs - lastSweep >= SWEEP_EVERY_MS) {
      sweep(nowMs);
    }
    Map<String, Long> nonces = byDid.get(did);
    Long keptUntil = nonces == null ? null : nonces.get(nonce);
    if (keptUntil != null && keptUntil > nowMs) {
      return false;
    }
    if (nonces != null && nonces.size() >= perDid) {
      count -= expire(nonces, nowMs);
    }
    if (count >= total) {
      sweep(nowMs);
    }
    if (count >= total || nonces != null && nonces.size() >= perDid) {
      throw new RateLimitedException(
          "too_many_nonces",
          5,
          "Too many DID-authenticated requests in the last 300 s"
              + (count >= total ? " on this sector" : " from this DID")
              + "; try again shortly.");
    }
    if (nonces == null) {
      nonces = new HashMap<>();
      byDid.put(did, nonces);
    }
    if (nonces.put(nonce, timestampMs + KEEP_MS) == null) {
      count++;
    }
    return true;
  }

  /** Nonces kept now, for tests. */
  synchronized int size() {
    return count;
  }

  private void sweep(long nowMs) {
    lastSweep = nowMs;
    for (Iterator<Map<String, Long>> dids = byDid.values().iterator(); dids.hasNext(); ) {
      Map<String, Long> nonces = dids.next();
      count -= expire(nonces, nowMs);
      if (nonces.isEmpty()) {
        dids.remove();
      }
    }
  }

  private static int expire(Map<String, Long> nonces, long nowMs) {
    int before = nonces.size();
    nonces.values().removeIf(keptUntil -> keptUntil <= nowMs);
    return before - nonces.size();
  }
}
