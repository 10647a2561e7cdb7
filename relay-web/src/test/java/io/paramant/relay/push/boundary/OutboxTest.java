package io.paramant.relay.push.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {

  /** A lane that runs its tasks only when told to, on the test's thread. */
  private static final class ManualLane implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  /** Records what is written; completes writes only when {@code autoComplete}. */
  private static final class RecordingSocket implements Outbox.Socket {
    final List<String> written = Collections.synchronizedList(new ArrayList<>());
    final List<Runnable> incomplete = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final boolean autoComplete;
    volatile Thread writer;
    volatile boolean twoWriters;

    RecordingSocket(boolean autoComplete) {
      this.autoComplete = autoComplete;
    }

    @Override
    public void send(String text, Runnable done) {
      Thread current = Thread.currentThread();
      if (writer != null && writer != current) {
        twoWriters = true;
      }
      writer = current;
      written.add(text);
      events.add(text);
      if (autoComplete) {
        done.run();
      } else {
        incomplete.add(done);
      }
    }

    @Override
    public void ping() {
      events.add("ping");
    }

    @Override
    public void close(int code, String reason) {
      events.add("close " + code + " " + reason);
    }
  }

  @Test
  void messages_are_written_in_the_order_offered() {
    ManualLane lane = new ManualLane();
    RecordingSocket socket = new RecordingSocket(true);
    Outbox outbox = new Outbox(socket, lane, 64);

    for (int i = 0; i < 10; i++) {
      assertTrue(outbox.offer("m" + i));
    }
    assertEquals(List.of(), socket.written, "nothing is written on the offering thread");
    lane.runAll();

    assertEquals(
        List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), socket.written);
    assertEquals(0, outbox.pending());
  }

  @Test
  void the_message_beyond_the_limit_closes_the_socket_with_1008_and_nothing_more_is_written() {
    ManualLane lane = new ManualLane();
    RecordingSocket stalled = new RecordingSocket(false); // writes never complete
    Outbox outbox = new Outbox(stalled, lane, 64);

    for (int i = 0; i < 64; i++) {
      assertTrue(outbox.offer("m" + i));
    }
    lane.runAll();
    assertEquals(64, stalled.written.size());

    assertFalse(outbox.offer("m64"), "the 65th pending message");
    assertFalse(outbox.offer("m65"), "a closing socket takes nothing");
    lane.runAll();

    assertEquals(65, stalled.events.size());
    assertEquals("close 1008 too slow", stalled.events.get(64));
    assertEquals(64, stalled.written.size());
    assertEquals(64, outbox.pending(), "bounded: nothing beyond the limit was kept");
  }

  @Test
  void completed_writes_make_room_for_more() {
    ManualLane lane = new ManualLane();
    RecordingSocket slow = new RecordingSocket(false);
    Outbox outbox = new Outbox(slow, lane, 2);

    assertTrue(outbox.offer("a"));
    assertTrue(outbox.offer("b"));
    lane.runAll();
    slow.incomplete.get(0).run(); // "a" reached the client

    assertTrue(outbox.offer("c"));
    lane.runAll();
    assertEquals(List.of("a", "b", "c"), slow.events);
  }

  @Test
  void queued_messages_count_towards_the_limit_before_they_are_written() {
    ManualLane lane = new ManualLane(); // never runs: nothing is written
    RecordingSocket socket = new RecordingSocket(true);
    Outbox outbox = new Outbox(socket, lane, 3);

    assertTrue(outbox.offer("a"));
    assertTrue(outbox.offer("b"));
    assertTrue(outbox.offer("c"));
    assertFalse(outbox.offer("d"));
    assertEquals(3, outbox.pending());
  }

  @Test
  void a_stalled_socket_does_not_hold_up_another_socket_of_its_lane() {
    ManualLane lane = new ManualLane();
    RecordingSocket stalled = new RecordingSocket(false);
    RecordingSocket reader = new RecordingSocket(true);
    Outbox stalledBox = new Outbox(stalled, lane, 64);
    Outbox readerBox = new Outbox(reader, lane, 64);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String event = "e" + i;
      stalledBox.offer(event);
      assertTrue(readerBox.offer(event));
      expected.add(event);
      lane.runAll();
    }

    assertEquals(expected, reader.written);
    assertEquals(64, stalled.written.size());
    assertEquals("close 1008 too slow", stalled.events.get(stalled.events.size() - 1));
  }

  @Test
  void close_drops_what_is_queued_and_closes_once_with_the_first_reason() {
    ManualLane lane = new ManualLane();
    RecordingSocket socket = new RecordingSocket(true);
    Outbox outbox = new Outbox(socket, lane, 64);

    outbox.offer("a");
    outbox.offer("b");
    outbox.close(4401, "key revoked");
    outbox.close(1008, "too slow");
    lane.runAll();
    outbox.ping();
    lane.runAll();

    assertEquals(List.of("close 4401 key revoked"), socket.events);
  }

  @Test
  void a_ping_goes_out_once_before_what_is_queued() {
    ManualLane lane = new ManualLane();
    RecordingSocket socket = new RecordingSocket(true);
    Outbox outbox = new Outbox(socket, lane, 64);

    outbox.offer("a");
    outbox.ping();
    outbox.ping();
    lane.runAll();

    assertEquals(List.of("ping", "a"), socket.events);
  }

  @Test
  void offers_from_many_threads_are_all_written_by_one_thread_each_producer_in_its_order()
      throws Exception {
    ExecutorService lane = Executors.newSingleThreadExecutor();
    ExecutorService producers = Executors.newFixedThreadPool(4);
    try {
      RecordingSocket socket = new RecordingSocket(true);
      Outbox outbox = new Outbox(socket, lane, Integer.MAX_VALUE);
      int perProducer = 20_000;
      CountDownLatch start = new CountDownLatch(1);
      for (int p = 0; p < 4; p++) {
        int producer = p;
        producers.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < perProducer; i++) {
                outbox.offer(producer + ":" + i);
              }
            });
      }
      start.countDown();
      producers.shutdown();
      assertTrue(producers.awaitTermination(30, TimeUnit.SECONDS));
      lane.submit(() -> {}).get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (socket.written.size() < 4 * perProducer && System.nanoTime() < deadline) {
        lane.submit(() -> {}).get(30, TimeUnit.SECONDS);
      }

      assertEquals(4 * perProducer, socket.written.size());
      assertFalse(socket.twoWriters, "one lane thread writes a socket");
      int[] next = new int[4];
      for (String message : socket.written) {
        int colon = message.indexOf(':');
        int producer = Integer.parseInt(message.substring(0, colon));
        assertEquals(next[producer]++, Integer.parseInt(message.substring(colon + 1)), message);
      }
      assertEquals(0, outbox.pending());
    } finally {
      lane.shutdownNow();
      producers.shutdownNow();
    }
  }
}
