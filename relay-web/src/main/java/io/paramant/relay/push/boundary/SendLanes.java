package io.paramant.relay.push.boundary;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to {@code /v2/stream} sockets: a few lanes of one thread each; every
 * socket is given one lane for its lifetime (round robin), so its messages are written in order by
 * one thread while the sockets of other lanes are served in parallel.
 *
 * <p>A lane's queue holds outboxes that have work, each at most twice (see {@link Outbox}), so it
 * is bounded by the number of open sockets; the messages themselves are bounded per socket by the
 * outbox. Nothing is ever refused here.
 */
final class SendLanes {

  private static final System.Logger LOG = System.getLogger(SendLanes.class.getName());

  private final ThreadPoolExecutor[] lanes;
  private final AtomicInteger next = new AtomicInteger();

  SendLanes(int count, ThreadFactory threads) {
    lanes = new ThreadPoolExecutor[count];
    for (int i = 0; i < count; i++) {
      lanes[i] =
          new ThreadPoolExecutor(
              1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }
  }

  /** The lane of a new socket: runs one task at a time, in order. */
  Executor next() {
    ThreadPoolExecutor lane = lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
    return task -> {
      try {
        lane.execute(() -> run(task));
      } catch (RejectedExecutionException stopping) {
        // the application is being stopped: the sockets are closed by the container
      }
    };
  }

  /** Outboxes waiting for their lane, all lanes together. */
  int waiting() {
    int n = 0;
    for (ThreadPoolExecutor lane : lanes) {
      n += lane.getQueue().size();
    }
    return n;
  }

  void stop() {
    for (ThreadPoolExecutor lane : lanes) {
      lane.shutdownNow();
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // a lane must outlive one socket's failure; the socket's own error handling closes it
      LOG.log(System.Logger.Level.WARNING, "push lane: a send failed", e);
    }
  }
}
