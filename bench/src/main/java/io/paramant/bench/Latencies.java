package io.paramant.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency samples in nanoseconds; percentiles by nearest rank over the sorted samples (a run
 * records a few thousand samples at most, so no histogram is needed). One instance per thread,
 * merged afterwards.
 */
final class Latencies {

  private long[] samples = new long[1024];
  private int count;

  void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  int count() {
    return count;
  }

  static Latencies merge(Collection<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies part : parts) {
      for (int i = 0; i < part.count; i++) {
        all.record(part.samples[i]);
      }
    }
    return all;
  }

  /** Summary in milliseconds. */
  Summary summary() {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long s : sorted) {
      sum += s;
    }
    return new Summary(
        count,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 95)),
        ms(percentile(sorted, 99)),
        count == 0 ? Double.NaN : ms(sorted[0]),
        count == 0 ? Double.NaN : ms(sorted[count - 1]),
        count == 0 ? Double.NaN : sum / count / 1e6);
  }

  /** Percentiles and extremes in milliseconds. */
  record Summary(
      int count, double p50, double p95, double p99, double min, double max, double mean) {}

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Long.MIN_VALUE;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long nanos) {
    return nanos == Long.MIN_VALUE ? Double.NaN : nanos / 1e6;
  }
}
