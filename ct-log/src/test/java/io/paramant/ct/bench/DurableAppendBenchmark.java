package io.paramant.ct.bench;

import io.paramant.ct.SectorLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends per second through {@link SectorLog} (leaf encoding, journal write and fsync,
 * tree and index) with 1, 8 and 64 concurrent writers: group commit is what makes the many-writer
 * figures larger than the one-writer figure, which is bounded by the disk's fsync latency. The log
 * lives under {@code target/bench/}, on the disk the build runs on.
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args=DurableAppendBenchmark
 * </pre>
 */
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableAppendBenchmark {

  /** A fresh log per run, shared by its writers. */
  @State(Scope.Benchmark)
  public static class Log {
    SectorLog log;
    Path data;
    final AtomicLong next = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
      Files.createDirectories(Path.of("target", "bench"));
      data = Files.createTempDirectory(Path.of("target", "bench"), "appends");
      log = SectorLog.open(data, "bench", InstantSource.system());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      log.close();
      MillionLeafLog.deleteRecursively(data);
    }

    long append() {
      return log.appendTransfer(Leaves.hash(next.getAndIncrement()));
    }
  }

  @Benchmark
  @Threads(1)
  public long oneWriter(Log log) {
    return log.append();
  }

  @Benchmark
  @Threads(8)
  public long eightWriters(Log log) {
    return log.append();
  }

  @Benchmark
  @Threads(64)
  public long sixtyFourWriters(Log log) {
    return log.append();
  }
}
