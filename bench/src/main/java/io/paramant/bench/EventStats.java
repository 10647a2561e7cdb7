package io.paramant.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The samples and counts of one {@link PushBenchmark} phase: one per sender thread, merged
 * afterwards.
 */
final class EventStats {
  final Latencies afterResponse = new Latencies();
  final Latencies afterRequestStart = new Latencies();
  final Latencies upload = new Latencies();
  final Latencies allSockets = new Latencies();
  long uploads;
  long failedUploads;
  long measuredEvents;
  long beforeResponse;
  long missingMeasured;
  long deliveredAll;
  long expectedAll;
  long incompleteUploads;
  long wrongBytes;
  String firstError;

  /** Keeps the first error only. */
  void error(String what) {
    if (firstError == null) {
      firstError = what;
    }
  }

  void add(EventStats o) {
    uploads += o.uploads;
    failedUploads += o.failedUploads;
    measuredEvents += o.measuredEvents;
    beforeResponse += o.beforeResponse;
    missingMeasured += o.missingMeasured;
    deliveredAll += o.deliveredAll;
    expectedAll += o.expectedAll;
    incompleteUploads += o.incompleteUploads;
    wrongBytes += o.wrongBytes;
    error(o.firstError);
  }

  /** One series of every part, merged. */
  static Latencies merged(List<EventStats> parts, Function<EventStats, Latencies> pick) {
    List<Latencies> list = new ArrayList<>();
    for (EventStats s : parts) {
      list.add(pick.apply(s));
    }
    return Latencies.merge(list);
  }
}
