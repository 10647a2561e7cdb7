package io.paramant.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The counts of one kind of operation of a {@link SoakBenchmark}: done (right), refused (an
 * expected refusal: 429 or 503 with a reason the relay documents) and errors (everything else that
 * went wrong: a wrong status, wrong bytes, a missing event or webhook), with the first error of the
 * run and of the current row. Thread-safe.
 */
final class Tally {

  /** The counts at one instant. */
  record Counts(long done, long refused, long errors) {
    Counts minus(Counts o) {
      return new Counts(done - o.done, refused - o.refused, errors - o.errors);
    }
  }

  final String name;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final AtomicReference<String> firstErrorOfRow = new AtomicReference<>();

  Tally(String name) {
    this.name = name;
  }

  void done(long n) {
    done.addAndGet(n);
  }

  void refused() {
    refused.incrementAndGet();
  }

  /** {@code n} unexpected errors, described by {@code what}. */
  void error(long n, String what) {
    if (n <= 0) {
      return;
    }
    errors.addAndGet(n);
    firstError.compareAndSet(null, what);
    firstErrorOfRow.compareAndSet(null, what);
  }

  Counts counts() {
    return new Counts(done.get(), refused.get(), errors.get());
  }

  String firstError() {
    return firstError.get();
  }

  /** The first error since the last call (null if none), and starts a new row. */
  String takeFirstErrorOfRow() {
    return firstErrorOfRow.getAndSet(null);
  }
}
