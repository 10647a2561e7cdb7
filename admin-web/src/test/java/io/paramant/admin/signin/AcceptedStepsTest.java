package io.paramant.admin.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptedStepsTest {

  private static final Instant T = Instant.parse("2026-12-07T10:00:10Z");
  private static final long STEP = T.getEpochSecond() / 30;

  @TempDir Path dir;

  @Test
  void a_step_is_accepted_once_and_never_after_a_later_one() {
    AcceptedSteps steps = AcceptedSteps.inMemory();
    assertTrue(steps.accept(STEP));
    assertFalse(steps.accept(STEP));
    assertFalse(steps.accept(STEP - 1));
    assertTrue(steps.accept(STEP + 1));
  }

  @Test
  void a_spent_step_stays_spent_after_a_restart() throws Exception {
    Path file = dir.resolve("admin-totp-step");
    assertTrue(AcceptedSteps.persistedIn(file).accept(STEP));

    AcceptedSteps afterRestart = AcceptedSteps.persistedIn(file);
    assertFalse(afterRestart.accept(STEP));
    assertFalse(afterRestart.accept(STEP - 1));
    assertTrue(afterRestart.accept(STEP + 1));
    assertEquals((STEP + 1) + "\n", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void an_unreadable_record_closes_the_current_window_only() throws Exception {
    Path file = dir.resolve("admin-totp-step");
    Files.writeString(file, "not a number");
    AcceptedSteps steps = AcceptedSteps.persistedIn(file, Clock.fixed(T, ZoneOffset.UTC));

    assertFalse(steps.accept(STEP - 1));
    assertFalse(steps.accept(STEP));
    assertFalse(steps.accept(STEP + 1));
    assertTrue(steps.accept(STEP + 2));
  }

  @Test
  void a_step_that_cannot_be_saved_is_not_accepted() throws Exception {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    AcceptedSteps steps = AcceptedSteps.persistedIn(notADirectory.resolve("admin-totp-step"));
    long future = Instant.now().getEpochSecond() / 30 + 100; // past the window closed at start

    assertFalse(steps.accept(future));
  }
}
