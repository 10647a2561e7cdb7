package io.paramant.relay.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerProbesTest {

  private static final long MAX_AGE = Duration.ofSeconds(5).toNanos();
  private static final Sector IOT = new Sector("iot", "http://127.0.0.1:3004");
  private static final Sector LEGAL = new Sector("legal", "http://127.0.0.1:3003");
  private static final Probe IOT_UP = new Probe(true, "1.0", "community", 3L);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final Map<String, AtomicInteger> probed = new ConcurrentHashMap<>();

  private CompletableFuture<Probe> answer(Sector sector) {
    probed.computeIfAbsent(sector.name(), k -> new AtomicInteger()).incrementAndGet();
    return CompletableFuture.completedFuture(sector == IOT ? IOT_UP : Probe.DOWN);
  }

  @Test
  void results_are_shared_for_five_seconds_then_probed_again() {
    PeerProbes probes =
        new PeerProbes(List.of(IOT, LEGAL), this::answer, clock::get, MAX_AGE, 1_000);

    assertEquals(Map.of("iot", IOT_UP, "legal", Probe.DOWN), probes.results());
    clock.addAndGet(MAX_AGE - 1);
    assertEquals(Map.of("iot", IOT_UP, "legal", Probe.DOWN), probes.results());
    assertEquals(1, probes.rounds());

    clock.addAndGet(1);
    probes.results();

    assertEquals(2, probes.rounds());
    assertEquals(2, probed.get("iot").get());
    assertEquals(2, probed.get("legal").get());
  }

  @Test
  void many_concurrent_requests_start_one_round_and_all_get_its_results() throws Exception {
    CompletableFuture<Probe> slow = new CompletableFuture<>();
    CountDownLatch started = new CountDownLatch(1);
    PeerProbes probes =
        new PeerProbes(
            List.of(IOT),
            sector -> {
              probed.computeIfAbsent(sector.name(), k -> new AtomicInteger()).incrementAndGet();
              started.countDown();
              return slow;
            },
            clock::get,
            MAX_AGE,
            5_000);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<Map<String, Probe>>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(pool.submit(probes::results));
      }
      started.await();
      Thread.sleep(100); // let the other callers pile up behind the round in flight
      slow.complete(IOT_UP);
      for (Future<Map<String, Probe>> answer : answers) {
        assertEquals(Map.of("iot", IOT_UP), answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, probes.rounds());
    assertEquals(1, probed.get("iot").get());
  }

  @Test
  void a_probe_that_fails_or_hangs_past_the_wait_is_down() {
    PeerProbes failing =
        new PeerProbes(
            List.of(IOT),
            sector -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
            clock::get,
            MAX_AGE,
            1_000);
    assertEquals(Map.of("iot", Probe.DOWN), failing.results());

    PeerProbes throwing =
        new PeerProbes(
            List.of(IOT),
            sector -> {
              throw new IllegalStateException("boom");
            },
            clock::get,
            MAX_AGE,
            1_000);
    assertEquals(Map.of("iot", Probe.DOWN), throwing.results());

    PeerProbes hanging =
        new PeerProbes(List.of(IOT), sector -> new CompletableFuture<>(), clock::get, MAX_AGE, 200);
    long start = System.nanoTime();
    assertEquals(Map.of("iot", Probe.DOWN), hanging.results());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
  }

  @Test
  void no_peers_means_no_probes() {
    PeerProbes probes = new PeerProbes(List.of(), this::answer, clock::get, MAX_AGE, 1_000);

    assertEquals(Map.of(), probes.results());
    assertEquals(0, probes.rounds());
  }
}
