package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.Progress;
import io.paramant.client.Progress.Direction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long MS = 1_000_000L;
  private static final String NL = System.lineSeparator();

  private final AtomicLong clock = new AtomicLong(5_000 * MS);
  private final StringWriter out = new StringWriter();
  private final ProgressBar bar =
      ProgressBar.withClock(new PrintWriter(out), "paramant send", clock::get);

  private static Progress sent(int done, int count, long bytes, long total) {
    return new Progress(Direction.SEND, done, count, bytes, total);
  }

  @Test
  void nothing_in_the_first_second_then_bytes_rate_and_time_left_in_place_and_a_final_newline() {
    clock.addAndGet(600 * MS);
    bar.onProgress(sent(1, 6, 5_000_000, 30_000_000));
    assertEquals("", out.toString(), "0.6 s: nothing yet");

    clock.addAndGet(1_400 * MS); // 2 s in: 10 MB at 5 MB/s, 20 MB left
    bar.onProgress(sent(2, 6, 10_000_000, 30_000_000));
    clock.addAndGet(1_000 * MS);
    bar.onProgress(sent(3, 6, 15_000_000, 30_000_000));
    clock.addAndGet(3_000 * MS);
    bar.onProgress(sent(6, 6, 30_000_000, 30_000_000));

    assertEquals(
        "\rparamant send: 10.0 of 30.0 MB (33%), 5.0 MB/s, 0:04 left"
            + "\rparamant send: 15.0 of 30.0 MB (50%), 5.0 MB/s, 0:03 left"
            + "\rparamant send: 30.0 MB (100%), 5.0 MB/s, in 0:06"
            + " ".repeat(9) // blanks over the end of the longer line before it
            + NL,
        out.toString());
  }

  @Test
  void a_transfer_done_within_a_second_shows_nothing() {
    clock.addAndGet(999 * MS);
    bar.onProgress(sent(1, 1, 1024, 1024));
    assertEquals("", out.toString());
  }

  @Test
  void a_single_chunk_that_took_longer_shows_its_final_line() {
    clock.addAndGet(2_500 * MS);
    bar.onProgress(new Progress(Direction.RECEIVE, 1, 1, 5_000_000, 5_000_000));
    assertEquals("\rparamant send: 5.0 MB (100%), 2.0 MB/s, in 0:03" + NL, out.toString());
  }

  @Test
  void durations() {
    assertEquals("0:07", ProgressBar.duration(7));
    assertEquals("12:30", ProgressBar.duration(750));
    assertEquals("1:02:03", ProgressBar.duration(3723));
  }

  @Test
  void an_empty_file_and_no_rate_yet() {
    assertEquals(
        "paramant receive: 0.0 MB (100%), 0.0 MB/s, in 0:02",
        ProgressBar.line(
            "paramant receive", new Progress(Direction.RECEIVE, 1, 1, 0, 0), 2_000 * MS));
    assertEquals(
        "paramant receive: 0.0 of 9.0 MB (0%), 0.0 MB/s, -:-- left",
        ProgressBar.line(
            "paramant receive", new Progress(Direction.RECEIVE, 0, 2, 0, 9_000_000), 2_000 * MS));
  }

  @Test
  void shown_only_on_a_terminal_unless_the_flag_or_the_environment_says_otherwise() {
    // bin/paramant's finding about standard error decides, not the JVM's console
    assertTrue(ProgressBar.wanted(false, null, "true", false));
    assertFalse(ProgressBar.wanted(false, null, "false", true), "stderr redirected");
    // without bin/paramant: the console
    assertTrue(ProgressBar.wanted(false, null, null, true));
    assertFalse(ProgressBar.wanted(false, null, null, false));
    // the environment overrides the terminal test
    assertTrue(ProgressBar.wanted(false, "always", "false", false));
    assertFalse(ProgressBar.wanted(false, " NEVER ", "true", true));
    assertTrue(ProgressBar.wanted(false, "sometimes", "true", false), "unknown: the terminal");
    // --no-progress overrides everything
    assertFalse(ProgressBar.wanted(true, "always", "true", true));
  }

  @Test
  void off_means_no_listener_at_all() {
    assertEquals(null, ProgressBar.of(new PrintWriter(out), "paramant send", true));
  }
}
