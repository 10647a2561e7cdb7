package io.paramant.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The webhook deliveries of a {@link WebhookBenchmark} run, matched by blob hash to the downloads
 * that caused them, and their report.
 */
final class Deliveries {

  private static final long HOOK_WAIT_SECONDS = WebhookBenchmark.HOOK_WAIT.toSeconds();

  /** One downloaded blob whose deliveries are awaited. */
  static final class Hook {
    final int expected;
    final AtomicLong downloadedAt = new AtomicLong(Long.MIN_VALUE);
    final AtomicLongArray arrivals;
    final AtomicInteger count = new AtomicInteger();
    final CountDownLatch latch;

    Hook(int expected) {
      this.expected = expected;
      this.arrivals = new AtomicLongArray(expected);
      for (int i = 0; i < expected; i++) {
        arrivals.set(i, Long.MIN_VALUE);
      }
      this.latch = new CountDownLatch(expected);
    }
  }

  private final Map<String, Hook> awaited = new ConcurrentHashMap<>();
  final AtomicLong stray = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();

  /** Awaits the deliveries of the blob {@code hash} until {@link #forget}. */
  void expect(String hash, Hook hook) {
    awaited.put(hash, hook);
  }

  void forget(String hash) {
    awaited.remove(hash);
  }

  /** Called by the receiver for every delivery with a valid signature. */
  void delivered(String hash, String path, long at) {
    Hook hook = awaited.get(hash);
    if (hook == null) {
      stray.incrementAndGet();
      return;
    }
    int i = hook.count.getAndIncrement();
    if (i < hook.expected) {
      hook.arrivals.set(i, at);
      hook.latch.countDown();
    } else {
      duplicates.incrementAndGet();
    }
  }

  /**
   * Prints the deliveries of {@code list} (downloads of one phase) and the phase's counts; a window
   * ({@code windowStart} not {@code Long.MIN_VALUE}) adds deliveries per second.
   */
  void report(
      List<Hook> list,
      HookWorker.Totals counts,
      long windowStart,
      long windowEnd,
      CpuAccount.Snapshot from,
      CpuAccount.Snapshot to) {
    Latencies latency = new Latencies();
    long expected = 0;
    long arrived = 0;
    long inWindow = 0;
    long beforeDownload = 0;
    long lastArrival = Long.MIN_VALUE;
    for (Hook h : list) {
      long done = h.downloadedAt.get();
      if (done == Long.MIN_VALUE) {
        continue;
      }
      expected += h.expected;
      int n = Math.min(h.count.get(), h.expected);
      for (int i = 0; i < n; i++) {
        long at = h.arrivals.get(i);
        if (at == Long.MIN_VALUE) {
          continue; // counted but not yet written (it is arriving right now)
        }
        arrived++;
        latency.record(at - done);
        beforeDownload += at < done ? 1 : 0;
        inWindow += at >= windowStart && at <= windowEnd ? 1 : 0;
        lastArrival = Math.max(lastArrival, at);
      }
    }
    Report.table(
        "",
        Report.MILLISECONDS,
        List.of(
            Map.entry("delivery after download", latency),
            Map.entry("download request", counts.downloadTime())));
    System.out.printf(
        Locale.ROOT,
        "deliveries: %,d of %,d expected (%,d missing after waiting; %.1f%% arrived before the"
            + " download response); failed round trips %d; wrong bytes %d%n",
        arrived,
        expected,
        expected - arrived,
        arrived == 0 ? 0.0 : 100.0 * beforeDownload / arrived,
        counts.failures(),
        counts.wrongBytes());
    if (windowStart != Long.MIN_VALUE && arrived > 0) {
      double window = (windowEnd - windowStart) / 1e9;
      double toLast = (Math.max(lastArrival, windowStart + 1) - windowStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "deliveries/s: %.1f within the window (%,d in %.1f s); %.1f counting all of them"
              + " (%,d by the last arrival, %.2f s after the window)%n",
          inWindow / window,
          inWindow,
          window,
          arrived / toLast,
          arrived,
          Math.max(0, lastArrival - windowEnd) / 1e9);
    }
    if (expected > arrived) {
      System.out.printf(
          Locale.ROOT,
          "WARNING: %,d deliveries never arrived (waited up to %d s after the last download);"
              + " compare the relay's failed counter below%n",
          expected - arrived,
          windowStart == Long.MIN_VALUE ? HOOK_WAIT_SECONDS : 20);
    }
    if (counts.firstError() != null) {
      System.out.println("first error: " + counts.firstError());
    }
    System.out.println(
        CpuAccount.report(from, to, Math.max(arrived, 1)).replace("round trip", "delivery"));
  }
}
