package io.paramant.relay.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 14's audit targets: an append adds at most 0.5 ms to an upload ({@link #append}: hash and
 * write one entry, as the upload's event observer does), and an export of 100,000 entries as CSV
 * streams in at most 2 s with flat heap ({@link #csvExport}, run with {@code -prof gc} to see the
 * allocation rate; the heap holds one line at a time).
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx64m"})
public class AuditBenchmark {

  @Param({"100000"})
  public int entries;

  private Path directory;
  private AuditTrail trail;
  private AuditTrail.Snapshot snapshot;
  private long at = 1_765_000_000_000L;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("audit-bench");
    trail = new AuditTrail(directory, "main", 90, Clock.systemUTC());
    for (int i = 0; i < entries; i++) {
      trail.record("exporter", "inbound", "ab".repeat(32), 5_242_880L, at++);
    }
    snapshot = trail.snapshot("exporter");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void append() {
    trail.record("appender", "inbound", "cd".repeat(32), 5_242_880L, at++);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public long csvExport() {
    Counting out = new Counting();
    AuditExport.csv(snapshot, out);
    return out.bytes;
  }

  /** Counts what it is given, keeps nothing. */
  static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
