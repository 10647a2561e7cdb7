package io.paramant.relay.push.boundary;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one {@code /v2/stream} socket is still to be sent, and the one lane that writes it.
 *
 * <p>Any thread may {@link #offer} a message, ask for a {@link #ping} or {@link #close} the socket;
 * only the lane (a single thread) touches the socket, so the socket sees the messages in the order
 * in which they were offered. At most {@code limit} messages are queued or being written at once;
 * the message that would exceed that is refused and the socket is closed with 1008 instead: a
 * consumer that does not keep up costs at most {@code limit} messages of memory.
 */
final class Outbox {

  /** Close code for a consumer that fell {@code limit} messages behind. */
  static final int TOO_SLOW = 1008;

  /** The writing end: called on the lane only. */
  interface Socket {
    /**
     * Starts writing one text message; {@code done} runs once when the write has completed or
     * failed, on any thread, possibly before this method returns.
     */
    void send(String text, Runnable done);

    void ping();

    void close(int code, String reason);
  }

  private record Closing(int code, String reason) {}

  private final Socket socket;
  private final Executor lane;
  private final int limit;
  private final Queue<String> queued = new ConcurrentLinkedQueue<>();

  /** Messages offered and not yet completely written (queued + being written). */
  private final AtomicInteger pending = new AtomicInteger();

  /** True from a request for the lane until that drain starts: an outbox waits in a lane once. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private final AtomicBoolean pingDue = new AtomicBoolean();
  private final AtomicReference<Closing> closing = new AtomicReference<>();
  private boolean closed; // lane only

  /**
   * @param lane runs one task at a time, in the order given (a single thread)
   * @param limit messages queued or being written at most
   */
  Outbox(Socket socket, Executor lane, int limit) {
    this.socket = socket;
    this.lane = lane;
    this.limit = limit;
  }

  /**
   * Queues a message for the socket.
   *
   * @return false when the socket is closing, or when it has {@code limit} messages pending: then
   *     it is closed with {@link #TOO_SLOW}
   */
  boolean offer(String text) {
    if (closing.get() != null) {
      return false;
    }
    if (pending.incrementAndGet() > limit) {
      pending.decrementAndGet();
      close(TOO_SLOW, "too slow");
      return false;
    }
    queued.add(text);
    schedule();
    return true;
  }

  /** Sends a ping before the next queued message. */
  void ping() {
    if (pingDue.compareAndSet(false, true)) {
      schedule();
    }
  }

  /**
   * Closes the socket after what is being written, dropping what is queued; the first reason given
   * wins.
   */
  void close(int code, String reason) {
    if (closing.compareAndSet(null, new Closing(code, reason))) {
      schedule();
    }
  }

  /** Messages offered and not yet written completely. */
  int pending() {
    return pending.get();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      lane.execute(this::drain);
    }
  }

  /** On the lane. */
  private void drain() {
    // Cleared first: whatever is offered from here on either is seen by this drain or schedules
    // the next one (an outbox is therefore queued in its lane at most twice).
    scheduled.set(false);
    if (closed) {
      queued.clear();
      return;
    }
    Closing close = closing.get();
    if (close != null) {
      closed = true;
      queued.clear();
      socket.close(close.code(), close.reason());
      return;
    }
    if (pingDue.compareAndSet(true, false)) {
      socket.ping();
    }
    String text;
    while ((text = queued.poll()) != null) {
      socket.send(text, pending::decrementAndGet);
    }
  }
}
