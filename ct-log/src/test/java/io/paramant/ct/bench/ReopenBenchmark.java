package io.paramant.ct.bench;

import io.paramant.ct.SectorLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Restart time: opening the log of a sector with one million leaves, i.e. reading and checking the
 * journal, rebuilding the tree and the subject index, and loading the identity key (the target is
 * at most 3 s). The journal comes from the page cache after the first run, as after a restart. The
 * first run makes the log (see {@link MillionLeafLog}).
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args=ReopenBenchmark
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ReopenBenchmark {

  private Path data;

  @Setup(Level.Trial)
  public void makeLog() throws IOException, InterruptedException {
    data = MillionLeafLog.dataDirectory();
  }

  @Benchmark
  public long reopenOneMillionLeaves() {
    try (SectorLog log = SectorLog.open(data, MillionLeafLog.SECTOR, InstantSource.system())) {
      return log.sth().treeSize();
    }
  }
}
