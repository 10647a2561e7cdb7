package io.paramant.ct.journal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.CapturedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalTest {

  @TempDir Path directory;

  private final List<byte[]> applied = new CopyOnWriteArrayList<>();

  @Test
  void appended_records_are_read_back_and_replayed_in_order_after_reopening() {
    List<byte[]> records = records(200);
    try (Journal journal = open()) {
      for (int i = 0; i < records.size(); i++) {
        assertEquals(i, journal.append(records.get(i)));
        assertArrayEquals(records.get(i), applied.get(i), "applied before append returned");
      }
      assertEquals(200, journal.size());
      assertSameRecords(records, journal.read(0, 200));
      assertSameRecords(records.subList(63, 130), journal.read(63, 130));
      assertSameRecords(records.subList(199, 200), journal.read(199, 200));
      assertEquals(List.of(), journal.read(64, 64));
      assertThrows(IndexOutOfBoundsException.class, () -> journal.read(199, 201));
    }
    applied.clear();
    try (Journal journal = open()) {
      assertSameRecords(records, applied);
      assertEquals(200, journal.append(record(200)));
    }
  }

  static Stream<Named<byte[]>> tornTails() {
    byte[] frame = frameOf(record(99));
    byte[] badChecksum = frame.clone();
    badChecksum[5] ^= 1;
    byte[] garbage = new byte[1000];
    new Random(7).nextBytes(garbage);
    byte[] hugeLength = frame.clone();
    Arrays.fill(hugeLength, 0, 4, (byte) 0xff);
    byte[] damagedThenIntact = concat(badChecksum, frame);
    return Stream.of(
        Named.of("half a frame header", Arrays.copyOf(frame, 3)),
        Named.of("frame header without its record", Arrays.copyOf(frame, 8)),
        Named.of("half a record", Arrays.copyOf(frame, frame.length - 5)),
        Named.of("checksum mismatch", badChecksum),
        Named.of("record length out of range", hugeLength),
        Named.of("zeros", new byte[4096]),
        Named.of("garbage", garbage),
        Named.of("intact frame behind a damaged one", damagedThenIntact));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tornTails")
  void torn_tail_is_cut_logged_and_the_records_before_it_survive(byte[] tail) throws IOException {
    List<byte[]> records = records(10);
    try (Journal journal = open()) {
      records.forEach(journal::append);
    }
    long intactLength = Files.size(file());
    Files.write(file(), tail, StandardOpenOption.APPEND);
    applied.clear();

    try (CapturedLog log = CapturedLog.of(Journal.class);
        Journal journal = open()) {
      assertSameRecords(records, applied);
      assertEquals(intactLength, Files.size(file()));
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).startsWith("Cut " + tail.length + " bytes "), warnings.get(0));
      assertEquals(10, journal.append(record(10)));
    }
    applied.clear();
    open().close();
    assertSameRecords(records(11), applied);
  }

  @Test
  void damaged_tail_longer_than_one_commit_stops_opening_and_is_left_alone() throws IOException {
    try (Journal journal = open()) {
      records(10).forEach(journal::append);
    }
    Files.write(file(), new byte[Journal.MAX_COMMIT_BYTES + 1], StandardOpenOption.APPEND);
    byte[] before = Files.readAllBytes(file());
    JournalException failure = assertThrows(JournalException.class, this::open);
    assertTrue(failure.getMessage().contains("Not cutting"), failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file()));
  }

  @Test
  void file_that_is_not_a_journal_is_refused_and_left_alone() throws IOException {
    for (String content : List.of("x", "this file is something else entirely")) {
      Files.writeString(file(), content, US_ASCII);
      assertThrows(JournalException.class, this::open);
      assertEquals(content, Files.readString(file(), US_ASCII));
    }
  }

  @Test
  void journal_whose_creation_was_cut_short_is_created_again() throws IOException {
    open().close();
    byte[] header = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(header, 5));
    try (Journal journal = open()) {
      assertEquals(0, journal.size());
      assertEquals(0, journal.append(record(0)));
    }
    assertArrayEquals(header, Arrays.copyOf(Files.readAllBytes(file()), header.length));
  }

  @Test
  void journal_open_elsewhere_is_refused() {
    Journal first = open();
    try {
      assertThrows(JournalException.class, this::open);
    } finally {
      first.close();
    }
    open().close();
  }

  @Test
  void concurrent_appenders_get_distinct_indexes_share_commits_and_survive_reopening()
      throws Exception {
    int threads = 16;
    int perThread = 500;
    List<byte[]> written = new ArrayList<>();
    long commits;
    try (Journal journal = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () ->
                    IntStream.range(0, perThread)
                        .mapToLong(i -> journal.append(("t" + thread + "-" + i).getBytes(US_ASCII)))
                        .toArray()));
      }
      Set<Long> indexes = new HashSet<>();
      for (int t = 0; t < threads; t++) {
        long[] ofThread = results.get(t).get();
        for (int i = 0; i < perThread; i++) {
          long index = ofThread[i];
          assertTrue(indexes.add(index), "index " + index + " was given twice");
          assertArrayEquals(
              ("t" + t + "-" + i).getBytes(US_ASCII), journal.read(index, index + 1).get(0));
        }
      }
      pool.shutdown();
      assertEquals(threads * perThread, journal.size());
      written.addAll(journal.read(0, journal.size()));
      commits = journal.commitCount();
    }
    assertTrue(commits < threads * perThread, commits + " commits for " + written.size());
    assertSameRecords(written, applied);
    applied.clear();
    open().close();
    assertSameRecords(written, applied);
  }

  @Test
  void interrupted_appender_still_gets_its_record_made_durable() {
    try (Journal journal = open()) {
      Thread.currentThread().interrupt();
      try {
        assertEquals(0, journal.append(record(0)));
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
      }
      assertEquals(1, journal.append(record(1)));
    }
    applied.clear();
    open().close();
    assertSameRecords(records(2), applied);
  }

  @Test
  void record_the_applier_rejects_stops_opening() {
    try (Journal journal = open()) {
      records(10).forEach(journal::append);
    }
    JournalException failure =
        assertThrows(
            JournalException.class,
            () -> Journal.open(file(), rejecting(record(5), "no such leaf")).close());
    assertTrue(failure.getMessage().contains("record 5"), failure.getMessage());
  }

  @Test
  void failed_commit_stops_the_journal_until_it_is_reopened() {
    try (Journal journal = Journal.open(file(), rejecting(record(1), "out of memory"))) {
      assertEquals(0, journal.append(record(0)));
      assertThrows(JournalException.class, () -> journal.append(record(1)));
      assertThrows(JournalException.class, () -> journal.append(record(2)));
    }
    applied.clear();
    open().close();
    assertSameRecords(records(2), applied);
  }

  @ParameterizedTest(name = "batches of {0}")
  @ValueSource(ints = {1, 7, 64, 199, 200, 1000})
  void replay_hands_over_every_record_in_order_in_batches_and_appends_go_to_the_applier(
      int batchLength) {
    List<byte[]> records = records(200);
    try (Journal journal = open()) {
      records.forEach(journal::append);
    }
    applied.clear();
    List<List<byte[]>> batches = new ArrayList<>();
    try (Journal journal =
        Journal.open(file(), applied::add, batchLength, batch -> batches.add(List.copyOf(batch)))) {
      assertEquals(200, journal.size());
      assertEquals((200 + batchLength - 1) / batchLength, batches.size());
      for (int i = 0; i < batches.size(); i++) {
        assertEquals(Math.min(batchLength, 200 - i * batchLength), batches.get(i).size());
      }
      assertSameRecords(records, batches.stream().flatMap(List::stream).toList());
      assertEquals(List.of(), applied);
      assertEquals(200, journal.append(record(200)));
      assertSameRecords(List.of(record(200)), applied);
      assertSameRecords(records.subList(60, 70), journal.read(60, 70));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tornTails")
  void torn_tail_is_cut_after_a_batched_replay_of_the_records_before_it(byte[] tail)
      throws IOException {
    List<byte[]> records = records(10);
    try (Journal journal = open()) {
      records.forEach(journal::append);
    }
    long intactLength = Files.size(file());
    Files.write(file(), tail, StandardOpenOption.APPEND);
    List<byte[]> replayed = new ArrayList<>();
    try (CapturedLog log = CapturedLog.of(Journal.class);
        Journal journal = Journal.open(file(), applied::add, 3, replayed::addAll)) {
      assertSameRecords(records, replayed);
      assertEquals(intactLength, Files.size(file()));
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).startsWith("Cut " + tail.length + " bytes "), warnings.get(0));
      assertEquals(10, journal.append(record(10)));
    }
  }

  @Test
  void damaged_tail_longer_than_one_commit_stops_a_batched_replay_and_is_left_alone()
      throws IOException {
    try (Journal journal = open()) {
      records(10).forEach(journal::append);
    }
    Files.write(file(), new byte[Journal.MAX_COMMIT_BYTES + 1], StandardOpenOption.APPEND);
    byte[] before = Files.readAllBytes(file());
    JournalException failure =
        assertThrows(
            JournalException.class, () -> Journal.open(file(), applied::add, 4, batch -> {}));
    assertTrue(failure.getMessage().contains("Not cutting"), failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file()));
  }

  @ParameterizedTest(name = "batches of {0}")
  @ValueSource(ints = {1, 3, 5, 6, 10, 64})
  void record_a_replay_rejects_is_named_as_one_an_applier_rejects(int batchLength) {
    try (Journal journal = open()) {
      records(10).forEach(journal::append);
    }
    JournalException byApplier =
        assertThrows(
            JournalException.class,
            () -> Journal.open(file(), rejecting(record(5), "no such leaf")).close());
    JournalException byReplay =
        assertThrows(
            JournalException.class,
            () ->
                Journal.open(
                        file(),
                        applied::add,
                        batchLength,
                        batch -> {
                          for (int i = 0; i < batch.size(); i++) {
                            if (Arrays.equals(batch.get(i), record(5))
                                || Arrays.equals(batch.get(i), record(7))) {
                              throw new RejectedRecordException(
                                  i, new IllegalArgumentException("no such leaf"));
                            }
                          }
                        })
                    .close());
    assertTrue(byApplier.getMessage().contains(": record 5 at offset "), byApplier.getMessage());
    assertEquals(byApplier.getMessage(), byReplay.getMessage());
    assertEquals(IllegalArgumentException.class, byReplay.getCause().getClass());
  }

  @Test
  void replay_that_fails_without_naming_a_record_stops_opening_naming_the_batch() {
    try (Journal journal = open()) {
      records(10).forEach(journal::append);
    }
    int[] batches = {0};
    JournalException failure =
        assertThrows(
            JournalException.class,
            () ->
                Journal.open(
                        file(),
                        applied::add,
                        4,
                        batch -> {
                          if (++batches[0] == 2) {
                            throw new IllegalStateException("out of memory");
                          }
                        })
                    .close());
    assertTrue(failure.getMessage().contains(": records 4 to 7 at offset "), failure.getMessage());
    assertTrue(
        failure.getMessage().endsWith(" were rejected: out of memory"), failure.getMessage());
  }

  @Test
  void records_of_invalid_length_and_appends_after_closing_are_refused() {
    Journal journal = open();
    assertThrows(IllegalArgumentException.class, () -> journal.append(new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> journal.append(new byte[Journal.MAX_RECORD_LENGTH + 1]));
    assertEquals(0, journal.append(new byte[Journal.MAX_RECORD_LENGTH]));
    journal.close();
    assertThrows(IllegalStateException.class, () -> journal.append(record(1)));
  }

  private Journal open() {
    return Journal.open(file(), applied::add);
  }

  private Path file() {
    return directory.resolve("ct.journal");
  }

  private Consumer<byte[]> rejecting(byte[] rejected, String reason) {
    return record -> {
      if (Arrays.equals(record, rejected)) {
        throw new IllegalArgumentException(reason);
      }
      applied.add(record);
    };
  }

  /** The bytes that a journal writes for {@code record}: a frame made by the code under test. */
  private static byte[] frameOf(byte[] record) {
    try {
      Path scratch = Files.createTempDirectory("frame");
      Path file = scratch.resolve("ct.journal");
      Journal.open(file, ignored -> {}).close();
      long headerLength = Files.size(file);
      try (Journal journal = Journal.open(file, ignored -> {})) {
        journal.append(record);
      }
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      Files.delete(scratch);
      return Arrays.copyOfRange(bytes, (int) headerLength, bytes.length);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records of varying length, so that frames do not line up with buffer boundaries. */
  private static byte[] record(int i) {
    return ("record " + i + " " + "x".repeat(i % 97)).getBytes(US_ASCII);
  }

  private static List<byte[]> records(int count) {
    return IntStream.range(0, count).mapToObj(JournalTest::record).toList();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void assertSameRecords(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "number of records");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }
}
