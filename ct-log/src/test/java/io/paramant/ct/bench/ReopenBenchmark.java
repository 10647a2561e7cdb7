package io.paramant.ct.bench;

import io.paramant.ct.SectorLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Restart time: opening the log of a sector with one million leaves, i.e. reading and checking the
 * journal, rebuilding the tree and the subject index, loading the identity key and signing the
 * first tree head (the target is at most 1.5 s). The journal comes from the page cache after the
 * first run, as after a restart. The first run makes the log (see {@link MillionLeafLog}); that is
 * setup, not measured.
 *
 * <p>Besides JMH's wall time it prints, per measured open, the wall time and the CPU time of the
 * whole benchmark JVM (all threads: the opening thread, the replay's workers, GC and JIT) taken
 * around the open, and their means at the end: on the shared 2-core machine the wall time depends
 * on the other builds, the CPU time much less.
 *
 * <p>As configured it measures warm opens (the third to seventh in one JVM). A relay's restart is
 * the first open in a fresh JVM, with the JIT compiler still at work: {@code -wi 0 -i 1 -f 5}
 * measures five of those, one per fork.
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args=ReopenBenchmark
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args="ReopenBenchmark -wi 0 -i 1 -f 5"
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ReopenBenchmark {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Path data;
  private final List<long[]> opens = new ArrayList<>();
  private long wallStart;
  private long cpuStart;

  @Setup(Level.Trial)
  public void makeLog() throws IOException, InterruptedException {
    data = MillionLeafLog.dataDirectory();
  }

  @Setup(Level.Iteration)
  public void startClocks() {
    System.gc(); // the previous open's garbage is not this open's cost
    cpuStart = OS.getProcessCpuTime();
    wallStart = System.nanoTime();
  }

  @Benchmark
  public long reopenOneMillionLeaves() {
    try (SectorLog log = SectorLog.open(data, MillionLeafLog.SECTOR, InstantSource.system())) {
      return log.sth().treeSize();
    }
  }

  @TearDown(Level.Iteration)
  public void readClocks(IterationParams iteration) {
    long wall = System.nanoTime() - wallStart;
    long cpu = OS.getProcessCpuTime() - cpuStart;
    if (iteration.getType() == IterationType.MEASUREMENT) {
      opens.add(new long[] {wall, cpu});
    }
    System.out.printf(
        "%nreopen: wall %.0f ms, process CPU %.0f ms (%.2f cores)%n",
        wall / 1e6, cpu / 1e6, cpu / (double) wall);
  }

  @TearDown(Level.Trial)
  public void summary() {
    List<long[]> measured = opens;
    double wall = measured.stream().mapToLong(open -> open[0]).average().orElse(0) / 1e6;
    double cpu = measured.stream().mapToLong(open -> open[1]).average().orElse(0) / 1e6;
    System.out.printf(
        "%nreopen of %d leaves, mean of %d measured opens in this JVM: wall %.0f ms, process CPU"
            + " %.0f ms%n",
        MillionLeafLog.LEAVES, measured.size(), wall, cpu);
  }
}
