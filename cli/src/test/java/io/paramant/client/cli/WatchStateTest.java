package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code paramant watch} remembers across restarts. */
class WatchStateTest {

  private static final String RELAY = "http://127.0.0.1:3000/";
  private static final String ID =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path state;

  @Test
  void a_sent_file_stays_sent_after_a_restart_until_it_changes() {
    Path dir = state.resolve("outbox");
    WatchState first = WatchState.open(state, RELAY, "bob", dir);
    WatchState.Version version = new WatchState.Version(10, 1_000);

    assertFalse(first.isSent("a.pdf", version));
    first.record("a.pdf", version, ID);

    WatchState restarted = WatchState.open(state, RELAY, "bob", dir);
    assertTrue(restarted.isSent("a.pdf", version));
    assertFalse(restarted.isSent("a.pdf", new WatchState.Version(11, 1_000)), "changed size");
    assertFalse(restarted.isSent("a.pdf", new WatchState.Version(10, 2_000)), "changed time");
    assertFalse(restarted.isSent("b.pdf", version));
  }

  @Test
  void each_relay_recipient_and_directory_has_its_own_record() {
    Path dir = state.resolve("outbox");
    WatchState.Version version = new WatchState.Version(10, 1_000);
    WatchState.open(state, RELAY, "bob", dir).record("a.pdf", version, ID);

    assertFalse(WatchState.open(state, RELAY, "carol", dir).isSent("a.pdf", version));
    assertFalse(
        WatchState.open(state, "http://127.0.0.1:3001/", "bob", dir).isSent("a.pdf", version));
    assertFalse(
        WatchState.open(state, RELAY, "bob", state.resolve("other")).isSent("a.pdf", version));
    assertNotEquals(
        WatchState.open(state, RELAY, "bob", dir).file(),
        WatchState.open(state, RELAY, "carol", dir).file());
  }

  @Test
  void a_line_torn_by_a_crash_is_ignored() throws IOException {
    Path dir = state.resolve("outbox");
    WatchState watch = WatchState.open(state, RELAY, "bob", dir);
    watch.record("a.pdf", new WatchState.Version(1, 2), ID);
    Files.writeString(watch.file(), "b.pdf\t3\t4", StandardOpenOption.APPEND);

    WatchState restarted = WatchState.open(state, RELAY, "bob", dir);
    assertTrue(restarted.isSent("a.pdf", new WatchState.Version(1, 2)));
    assertFalse(restarted.isSent("b.pdf", new WatchState.Version(3, 4)));
  }

  @Test
  void names_that_would_break_the_format_are_refused() {
    WatchState watch = WatchState.open(state, RELAY, "bob", state);

    assertThrows(
        IllegalArgumentException.class,
        () -> watch.record("a\tb", new WatchState.Version(1, 2), ID));
  }
}
