package io.paramant.ct.bench;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA3-256 as the tree hashes: the JDK's provider against Bouncy Castle's {@code SHA3Digest}, on a
 * leaf ({@code 0x00 ||} a 56-byte transfer leaf) and on a node ({@code 0x01 ||} two 32-byte
 * hashes), each into a reused output array as the tree's append path does.
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@bench -Dbench.args=Sha3Benchmark
 * </pre>
 */
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Sha3Benchmark {

  private final byte[] leaf = Leaves.transfer(42);
  private final byte[] children = new byte[64];
  private final byte[] out = new byte[32];
  private MessageDigest jdk;
  private final SHA3Digest bc = new SHA3Digest(256);

  @Setup
  public void digests() throws NoSuchAlgorithmException {
    jdk = MessageDigest.getInstance("SHA3-256");
    System.arraycopy(Leaves.hash(1), 0, children, 0, 32);
    System.arraycopy(Leaves.hash(2), 0, children, 32, 32);
  }

  @Benchmark
  public byte[] jdkLeaf() throws DigestException {
    jdk.update((byte) 0);
    jdk.update(leaf);
    jdk.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] jdkNode() throws DigestException {
    jdk.update((byte) 1);
    jdk.update(children, 0, 32);
    jdk.update(children, 32, 32);
    jdk.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] bcLeaf() {
    bc.update((byte) 0);
    bc.update(leaf, 0, leaf.length);
    bc.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] bcNode() {
    bc.update((byte) 1);
    bc.update(children, 0, 32);
    bc.update(children, 32, 32);
    bc.doFinal(out, 0);
    return out;
  }
}
