package io.paramant.client.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.SenderSignatureException.Reason;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.envelope.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay record: one accepted {@code (signer, file_id)}, bounded by the signing window. */
class SignedFilesTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long START = 20_000 * DAY + 12 * 3_600_000L; // noon of a UTC day
  private static final VerifiedSender ALICE =
      new VerifiedSender("account:tester", "alice", DeviceKeys.generate().publicKeys(), "main", 3);

  @TempDir Path state;

  private final AtomicLong clock = new AtomicLong(START);

  @Test
  void a_recorded_file_is_a_replay_and_another_file_or_signer_is_not() {
    SignedFiles files = new SignedFiles(state, clock::get);
    FileId file = FileId.random();
    files.requireNew(ALICE, file, START);
    files.record(ALICE, file, START);

    SenderSignatureException replayed =
        assertThrows(SenderSignatureException.class, () -> files.requireNew(ALICE, file, START));

    assertEquals(Reason.REPLAYED, replayed.reason());
    files.requireNew(ALICE, FileId.random(), START);
    VerifiedSender bob = new VerifiedSender("account:tester", "bob", ALICE.keys(), "main", 4);
    files.requireNew(bob, file, START);
  }

  @Test
  void signing_times_outside_the_window_are_refused_at_its_edges() {
    SignedFiles files = new SignedFiles(state, clock::get);
    long oldest = START - SignedFiles.MAX_AGE.toMillis();
    long newest = START + SignedFiles.MAX_AHEAD.toMillis();

    files.requireNew(ALICE, FileId.random(), oldest);
    files.requireNew(ALICE, FileId.random(), newest);
    for (long outside : List.of(oldest - 1, newest + 1)) {
      SenderSignatureException refused =
          assertThrows(
              SenderSignatureException.class,
              () -> files.requireNew(ALICE, FileId.random(), outside));
      assertEquals(Reason.OUT_OF_WINDOW, refused.reason());
    }
  }

  @Test
  void days_that_left_the_window_are_deleted_and_the_rest_kept() throws IOException {
    SignedFiles files = new SignedFiles(state, clock::get);
    FileId old = FileId.random();
    FileId recent = FileId.random();
    files.record(ALICE, old, START);
    files.record(ALICE, recent, START + 2 * DAY);

    clock.set(START + 9 * DAY); // START's day is older than the window now, START + 2 days is not
    files.record(ALICE, FileId.random(), clock.get());

    assertEquals(List.of(days(START + 2 * DAY), days(clock.get())), recordedDays());
    SenderSignatureException stillKnown =
        assertThrows(
            SenderSignatureException.class, () -> files.requireNew(ALICE, recent, START + 2 * DAY));
    assertEquals(Reason.REPLAYED, stillKnown.reason());
  }

  private List<String> recordedDays() throws IOException {
    try (Stream<Path> days = Files.list(state.resolve(SignedFiles.DIRECTORY))) {
      List<String> names = days.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().allMatch(n -> n.matches("[0-9]+")), names::toString);
      return names;
    }
  }

  private static String days(long millis) {
    return Long.toString(Math.floorDiv(millis, DAY));
  }
}
