package io.paramant.relay.did;

import io.paramant.relay.RateLimitedException;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Nonces spent by DID-authenticated requests, each kept until its timestamp + 300 s + 5 s of skew
 * (after which its timestamp is refused anyway). Bounded three ways, each beyond its bound 429
 * {@code too_many_nonces}: at most {@code perDid} live nonces per DID, {@code perAccount} per
 * account (all its DIDs together), and {@code total} for the sector — so no one account can fill
 * the store for the others. Only a request whose signature verified reaches {@link #spend}, so only
 * a key holder can spend its DID's share.
 *
 * <p>Nonces expire in the order of their end (a heap), so a spend costs a logarithm of the store's
 * size, never a sweep of it; one lock, held for that time only.
 */
final class DidNonces {

  static final long WINDOW_MS = 300_000;
  static final long KEEP_MS = WINDOW_MS + 5_000;
  static final int PER_DID = 20_000;
  static final int PER_ACCOUNT = 100_000;
  static final int TOTAL = 500_000;

  private final int perDid;
  private final int perAccount;
  private final int total;
  private final Map<String, Map<String, Long>> byDid = new HashMap<>();
  private final Map<String, Integer> byAccount = new HashMap<>();
  private final PriorityQueue<Kept> ends =
      new PriorityQueue<>((a, b) -> Long.compare(a.keptUntil, b.keptUntil));
  private int count;

  /** A nonce's end. */
  private record Kept(long keptUntil, String account, String did, String nonce) {}

  DidNonces() {
    this(PER_DID, PER_ACCOUNT, TOTAL);
  }

  DidNonces(int perDid, int perAccount, int total) {
    this.perDid = perDid;
    this.perAccount = perAccount;
    this.total = total;
  }

  /**
   * Spends {@code nonce} for {@code did} of {@code account}.
   *
   * @return false when it was spent already and is still kept
   * @throws RateLimitedException {@code too_many_nonces} when a bound is reached
   */
  synchronized boolean spend(
      String account, String did, String nonce, long timestampMs, long nowMs) {
    expire(nowMs);
    Map<String, Long> nonces = byDid.get(did);
    if (nonces != null && nonces.containsKey(nonce)) {
      return false;
    }
    String bound = null;
    if (nonces != null && nonces.size() >= perDid) {
      bound = " from this DID";
    } else if (byAccount.getOrDefault(account, 0) >= perAccount) {
      bound = " from this account";
    } else if (count >= total) {
      bound = " on this sector";
    }
    if (bound != null) {
      throw new RateLimitedException(
          "too_many_nonces",
          5,
          "Too many DID-authenticated requests in the last 300 s" + bound + "; try again shortly.");
    }
    if (nonces == null) {
      nonces = new HashMap<>();
      byDid.put(did, nonces);
    }
    long keptUntil = timestampMs + KEEP_MS;
    nonces.put(nonce, keptUntil);
    byAccount.merge(account, 1, Integer::sum);
    ends.add(new Kept(keptUntil, account, did, nonce));
    count++;
    return true;
  }

  /** Nonces kept now, for tests. */
  synchronized int size() {
    return count;
  }

  private void expire(long nowMs) {
    for (Kept end; (end = ends.peek()) != null && end.keptUntil <= nowMs; ) {
      ends.poll();
      Map<String, Long> nonces = byDid.get(end.did);
      if (nonces != null && nonces.remove(end.nonce) != null) {
        count--;
        if (nonces.isEmpty()) {
          byDid.remove(end.did);
        }
        if (byAccount.merge(end.account, -1, Integer::sum) <= 0) {
          byAccount.remove(end.account);
        }
      }
    }
  }
}
