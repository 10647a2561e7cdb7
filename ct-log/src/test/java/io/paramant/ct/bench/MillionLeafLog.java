package io.paramant.ct.bench;

import io.paramant.ct.SectorLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A sector log of one million transfer leaves under {@code target/bench/}, made once (64 writers,
 * so group commit keeps it to tens of seconds) and reused by the benchmarks that reopen it.
 */
final class MillionLeafLog {

  static final int LEAVES = 1_000_000;
  static final String SECTOR = "bench";

  private static final Path DATA = Path.of("target", "bench", "million");
  private static final Path COMPLETE = DATA.resolve("complete");

  private MillionLeafLog() {}

  /** The data directory that holds the log of sector {@link #SECTOR}. */
  static Path dataDirectory() throws IOException, InterruptedException {
    if (!Files.exists(COMPLETE)) {
      deleteRecursively(DATA);
      try (SectorLog log = SectorLog.open(DATA, SECTOR, InstantSource.system())) {
        ExecutorService writers = Executors.newFixedThreadPool(64);
        for (int i = 0; i < LEAVES; i++) {
          byte[] blobHash = Leaves.hash(i);
          writers.execute(() -> log.appendTransfer(blobHash));
        }
        writers.shutdown();
        writers.awaitTermination(1, TimeUnit.HOURS);
      }
      Files.createFile(COMPLETE);
    }
    return DATA;
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(MillionLeafLog::delete);
      }
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
