package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.KeyScan;
import io.paramant.client.KeySubstitution;
import io.paramant.client.KeySubstitutionException;
import io.paramant.client.RelayRequestException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How often the long-running commands scan, and when a relay that fails the scans ends them. */
class KeyMonitorScheduleTest {

  private static final String FP = "ab".repeat(32);
  private static final KeyScan CLEAN =
      new KeyScan(URI.create("http://127.0.0.1:1/"), "k1", "account:t", "bob", FP, 0, 0, List.of());
  private static final Supplier<KeyScan> FAILS =
      () -> {
        throw new RelayRequestException("GET /v2/ct/leaves: 503 relay_error", 503, "relay_error");
      };

  @Command
  static final class Holder {
    @Mixin KeyMonitorSchedule schedule;
  }

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final StringWriter err = new StringWriter();

  private KeyMonitorSchedule schedule(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.schedule.withClock(now::get);
  }

  @Test
  void scans_at_start_and_then_once_per_interval() {
    KeyMonitorSchedule schedule = schedule("--monitor-interval", "90s");
    int[] scans = {0};
    Supplier<KeyScan> scan =
        () -> {
          scans[0]++;
          return CLEAN;
        };

    schedule.scanIfDue(scan, "paramant stream", new PrintWriter(err));
    now.addAndGet(89_999);
    schedule.scanIfDue(scan, "paramant stream", new PrintWriter(err));
    long due = schedule.millisUntilDue();
    now.addAndGet(1);
    schedule.scanIfDue(scan, "paramant stream", new PrintWriter(err));

    assertEquals(2, scans[0]);
    assertEquals(1, due);
  }

  @Test
  void a_bare_number_is_minutes_and_0_is_off() {
    assertEquals(5 * 60_000L, schedule().withClock(now::get).interval().toMillis());
    assertEquals(2 * 60_000L, schedule("--monitor-interval", "2").interval().toMillis());
    assertEquals(Long.MAX_VALUE, schedule("--monitor-interval", "0").millisUntilDue());
  }

  @Test
  void the_nth_failed_scan_in_a_row_ends_the_command_and_a_completed_scan_starts_the_count_again() {
    KeyMonitorSchedule schedule = schedule("--monitor-interval", "1s", "--monitor-failures", "3");
    PrintWriter out = new PrintWriter(err);

    schedule.scanIfDue(FAILS, "paramant stream", out);
    now.addAndGet(1_000);
    schedule.scanIfDue(FAILS, "paramant stream", out);
    now.addAndGet(1_000);
    schedule.scanIfDue(() -> CLEAN, "paramant stream", out); // the count starts again
    now.addAndGet(1_000);
    schedule.scanIfDue(FAILS, "paramant stream", out);
    now.addAndGet(1_000);
    schedule.scanIfDue(FAILS, "paramant stream", out);
    now.addAndGet(1_000);
    RelayRequestException stopped =
        assertThrows(
            RelayRequestException.class, () -> schedule.scanIfDue(FAILS, "paramant stream", out));

    assertEquals(
        "the key monitor could not complete 3 scans in a row (last: GET /v2/ct/leaves: 503"
            + " relay_error); a relay that keeps this device's owner from its log may be hiding"
            + " keys substituted for it: stopping",
        stopped.getMessage());
    assertEquals(
        List.of(
            "paramant stream: key monitor: GET /v2/ct/leaves: 503 relay_error (failed scan 1 of 3"
                + " in a row; will try again)",
            "paramant stream: key monitor: GET /v2/ct/leaves: 503 relay_error (failed scan 2 of 3"
                + " in a row; will try again)",
            "paramant stream: key monitor: " + KeysMonitorCommand.describe(CLEAN),
            "paramant stream: key monitor: GET /v2/ct/leaves: 503 relay_error (failed scan 1 of 3"
                + " in a row; will try again)",
            "paramant stream: key monitor: GET /v2/ct/leaves: 503 relay_error (failed scan 2 of 3"
                + " in a row; will try again)"),
        err.toString().lines().toList());
  }

  @Test
  void a_scan_the_relay_stretches_past_its_deadline_is_cancelled_and_counts_as_failed() {
    KeyMonitorSchedule schedule =
        schedule("--monitor-interval", "1s", "--monitor-failures", "2")
            .withDeadline(Duration.ofMillis(300));
    PrintWriter out = new PrintWriter(err);
    CountDownLatch cancelled = new CountDownLatch(2);
    Supplier<KeyScan> slow =
        () -> {
          try {
            Thread.sleep(60_000); // a relay that answers, but slowly
          } catch (InterruptedException e) {
            cancelled.countDown();
          }
          return CLEAN;
        };

    schedule.scanIfDue(slow, "paramant watch", out);
    now.addAndGet(1_000);
    RelayRequestException stopped =
        assertThrows(
            RelayRequestException.class, () -> schedule.scanIfDue(slow, "paramant watch", out));

    assertEquals(
        List.of(
            "paramant watch: key monitor: the scan did not complete within 300 ms (failed scan 1 of"
                + " 2 in a row; will try again)"),
        err.toString().lines().toList());
    assertTrue(
        stopped
            .getMessage()
            .startsWith(
                "the key monitor could not complete 2 scans in a row (last: the scan did not"
                    + " complete within 300 ms)"),
        stopped::getMessage);
    assertDoesNotThrow(() -> assertTrue(cancelled.await(5, TimeUnit.SECONDS)), "both interrupted");
  }

  @Test
  void a_finding_of_a_scan_on_the_monitors_thread_reaches_the_command() {
    KeyMonitorSchedule schedule = schedule("--monitor-interval", "1s");
    KeySubstitutionException finding =
        new KeySubstitutionException(
            new KeyScan(
                URI.create("http://127.0.0.1:1/"),
                "k1",
                "account:t",
                "bob",
                FP,
                0,
                1,
                List.of(
                    new KeySubstitution(
                        KeySubstitution.Kind.PUBKEY_LEAF,
                        0,
                        "main",
                        Instant.EPOCH,
                        "cd".repeat(32)))));

    KeySubstitutionException thrown =
        assertThrows(
            KeySubstitutionException.class,
            () ->
                schedule.scanIfDue(
                    () -> {
                      throw finding;
                    },
                    "paramant stream",
                    new PrintWriter(err)));

    assertSame(finding, thrown);
  }

  @Test
  void a_negative_interval_is_a_usage_error() {
    assertThrows(CommandLine.ParameterException.class, () -> schedule("--monitor-interval", "-1"));
  }

  @Test
  @Timeout(30) // a reconnect loop that never scans runs for ever: the timeout fails it
  void a_relay_that_refuses_every_new_stream_cannot_keep_the_monitor_from_its_schedule() {
    KeyMonitorSchedule schedule = schedule("--monitor-interval", "1s", "--monitor-failures", "2");
    PrintWriter out = new PrintWriter(err);
    schedule.scanIfDue(() -> CLEAN, "paramant stream", out);
    // the stream closed; from now on the relay refuses every ticket and every monitor scan
    Supplier<io.paramant.client.PushStream> refused =
        () -> {
          now.addAndGet(1_000);
          throw new RelayRequestException("POST /v2/ws-ticket: 503", 503, "relay_error");
        };

    RelayRequestException stopped =
        assertThrows(
            RelayRequestException.class,
            () ->
                StreamCommand.reconnect(
                    refused, () -> schedule.scanIfDue(FAILS, "paramant stream", out), 1, out));

    assertTrue(
        stopped.getMessage().startsWith("the key monitor could not complete 2 scans in a row"),
        stopped::getMessage);
  }
}
