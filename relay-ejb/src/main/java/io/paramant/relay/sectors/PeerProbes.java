package io.paramant.relay.sectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The peers' probe results, shared by every request: one round probes all peers in parallel and its
 * results are served until {@code maxAge} after the round started, so an answer is never older than
 * that. At most one round runs at a time; requests that find the results stale wait for the round
 * that the first of them started. However many requests come, a peer is probed at most once per
 * {@code maxAge}.
 */
final class PeerProbes {

  /** A round of probes and when it started. */
  private record Round(long startedNanos, CompletableFuture<Map<String, Probe>> results) {}

  private final List<Sector> peers;
  private final Function<Sector, CompletableFuture<Probe>> probe;
  private final LongSupplier nanoClock;
  private final long maxAgeNanos;
  private final long waitMillis;
  private final AtomicReference<Round> last = new AtomicReference<>();
  private final AtomicLong rounds = new AtomicLong();

  /**
   * @param probe never completes exceptionally and completes within {@code waitMillis}
   * @param waitMillis how long a request waits for a round at most; then its peers count as down
   */
  PeerProbes(
      List<Sector> peers,
      Function<Sector, CompletableFuture<Probe>> probe,
      LongSupplier nanoClock,
      long maxAgeNanos,
      long waitMillis) {
    this.peers = List.copyOf(peers);
    this.probe = probe;
    this.nanoClock = nanoClock;
    this.maxAgeNanos = maxAgeNanos;
    this.waitMillis = waitMillis;
  }

  /** The probe of every peer by sector name, at most {@code maxAge} old. */
  Map<String, Probe> results() {
    if (peers.isEmpty()) {
      return Map.of();
    }
    while (true) {
      Round round = last.get();
      long now = nanoClock.getAsLong();
      if (round != null && now - round.startedNanos() < maxAgeNanos) {
        return await(round);
      }
      Round fresh = new Round(now, new CompletableFuture<>());
      if (last.compareAndSet(round, fresh)) {
        start(fresh);
        return await(fresh);
      }
    }
  }

  /** Rounds started so far. */
  long rounds() {
    return rounds.get();
  }

  private void start(Round round) {
    rounds.incrementAndGet();
    Map<String, CompletableFuture<Probe>> probes = new LinkedHashMap<>();
    for (Sector peer : peers) {
      CompletableFuture<Probe> result;
      try {
        result = probe.apply(peer).exceptionally(failure -> Probe.DOWN);
      } catch (RuntimeException e) {
        result = CompletableFuture.completedFuture(Probe.DOWN);
      }
      probes.put(peer.name(), result);
    }
    CompletableFuture.allOf(probes.values().toArray(CompletableFuture[]::new))
        .whenComplete(
            (done, failure) -> {
              Map<String, Probe> results = new LinkedHashMap<>();
              probes.forEach((name, p) -> results.put(name, p.getNow(Probe.DOWN)));
              round.results().complete(Map.copyOf(results));
            });
  }

  private Map<String, Probe> await(Round round) {
    try {
      return round.results().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return allDown();
    } catch (ExecutionException | TimeoutException e) {
      return allDown();
    }
  }

  private Map<String, Probe> allDown() {
    Map<String, Probe> down = new LinkedHashMap<>();
    peers.forEach(p -> down.put(p.name(), Probe.DOWN));
    return down;
  }
}
