package io.paramant.ct.bench;

import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.MerkleTree;
import io.paramant.ct.merkle.TreeHasher;
import java.util.concurrent.ThreadLocalRandom;
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
 * The in-memory SHA3-256 tree: appends per second, and the time to make a proof in a tree of one
 * million leaves (random leaf, random first size; the target is at most 50 µs).
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args=MerkleTreeBenchmark
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MerkleTreeBenchmark {

  static final int LEAVES = 1_000_000;

  /** A tree of one million leaves, shared by the proof benchmarks. */
  @State(Scope.Benchmark)
  public static class MillionLeaves {
    MerkleTree tree;

    @Setup(Level.Trial)
    public void grow() {
      tree = new MerkleTree(TreeHasher.SHA3_256);
      for (int i = 0; i < LEAVES; i++) {
        tree.append(Leaves.transfer(i));
      }
    }
  }

  /** A fresh tree per iteration, so that appends do not fill the heap. */
  @State(Scope.Thread)
  public static class Growing {
    MerkleTree tree;
    byte[] leaf = Leaves.transfer(0);

    @Setup(Level.Iteration)
    public void empty() {
      tree = new MerkleTree(TreeHasher.SHA3_256);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long append(Growing state) {
    return state.tree.append(state.leaf);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public InclusionProof inclusionProofAtOneMillion(MillionLeaves state) {
    return state.tree.inclusionProof(ThreadLocalRandom.current().nextLong(LEAVES), LEAVES);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ConsistencyProof consistencyProofAtOneMillion(MillionLeaves state) {
    return state.tree.consistencyProof(1 + ThreadLocalRandom.current().nextLong(LEAVES), LEAVES);
  }
}
