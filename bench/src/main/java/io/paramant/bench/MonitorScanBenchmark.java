package io.paramant.bench;

import io.paramant.client.KeyScan;
import io.paramant.client.LogVerifier;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.RemoteLog;
import io.paramant.client.internal.monitor.KeyMonitor;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.ct.LeafPage;
import io.paramant.ct.ProvenLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The owner's monitor scan (issue: key transparency; target: 100,000 pubkey leaves in at most 5 s):
 * the SDK's own scan ({@link KeyMonitor}: the {@link LogVerifier} head check, {@link RemoteLog}
 * pages read through the SDK's HTTP layer and JSON parser, every leaf's {@code leaf_bytes} decoded
 * and checked against its fields, hashed, appended to the frontier, the root rebuilt, the state
 * file written) over a log of {@code --leaves} pubkey leaves built in-process with ct-log's {@link
 * SectorLog}.
 *
 * <p>The network is left out: the relay's answers ({@code GET /v2/ct/sth}, the pages of {@code GET
 * /v2/ct/leaves?...&proofs=false} as the SDK asks for them, without inclusion proofs, rendered as
 * the relay's {@code LogResource} renders them; {@code --proofs true} serves the proofs anyway, as
 * a relay that ignores the parameter does) are made before the clock starts, and an {@link
 * InProcessHttpClient} hands their bytes to the SDK's body handlers. What the network adds is one
 * request per 1,000 leaves and the bytes printed as "served"; the figure is the client's work.
 * Prints figures; fails only if a scan finds something or does not rebuild the root (a broken run,
 * not a slow one).
 *
 * <p>Run (docs/PERFORMANCE.md, "Owner monitor scan"): {@code mvn -B -q -pl bench -am compile
 * dependency:build-classpath -Dmdep.outputFile=$PWD/bench/target/classpath.txt}, then {@code java
 * -cp bench/target/classes:$(cat bench/target/classpath.txt) io.paramant.bench.MonitorScanBenchmark
 * --leaves 100000 --runs 5 --grow 1000}. Wall time and the scanning thread's CPU time are printed:
 * on a shared machine the second is the steadier figure.
 */
public final class MonitorScanBenchmark {

  private static final HexFormat HEX = HexFormat.of();
  // looked up once: Json.create...() looks the provider up on every call (setup speed only)
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
  private static final String NAMESPACE = "team:bench";
  private static final String OWNER = "owner";
  private static final URI RELAY = URI.create("http://relay.invalid/");

  private static boolean withProofs;

  private MonitorScanBenchmark() {}

  public static void main(String[] args) throws IOException {
    int leaves = 100_000;
    int runs = 5;
    int grow = 1_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--leaves" -> leaves = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--grow" -> grow = Integer.parseInt(args[i + 1]);
        case "--proofs" -> withProofs = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory(scratch(), "paramant-monitor-bench-");
    try (SectorLog log = SectorLog.open(work.resolve("relay"), "main", InstantSource.system())) {
      SecureRandom random = new SecureRandom();
      byte[] own = new byte[32];
      random.nextBytes(own);
      long built = System.nanoTime();
      log.appendPubkey(own, DeviceBinding.of(NAMESPACE, OWNER));
      byte[] fingerprint = new byte[32];
      for (int i = 1; i < leaves; i++) {
        random.nextBytes(fingerprint);
        log.appendPubkey(fingerprint, DeviceBinding.of(NAMESPACE, "device-" + i));
      }
      System.out.printf(
          Locale.ROOT,
          "built a log of %,d pubkey leaves in %.1f s (setup, not measured)%n",
          leaves,
          seconds(built));

      InProcessHttpClient relay = new InProcessHttpClient();
      long served = serve(relay, log, 0, leaves);
      System.out.printf(
          Locale.ROOT,
          "served: %,d pages of up to %,d leaves, %.1f MB of JSON (the network part, left out)%n",
          (leaves + SectorLog.MAX_PAGE_LEAVES - 1) / SectorLog.MAX_PAGE_LEAVES,
          SectorLog.MAX_PAGE_LEAVES,
          served / 1e6);

      double[] full = new double[runs];
      double[] cpu = new double[runs];
      double[] processCpu = new double[runs];
      Path state = null;
      for (int run = 0; run < runs; run++) {
        state = Files.createDirectory(work.resolve("client-" + run));
        System.gc(); // the garbage of the setup or the last run is not this run's
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        long startProcess = PROCESS.getProcessCpuTime();
        KeyScan scan = monitor(relay, state).scan(NAMESPACE, OWNER, HEX.formatHex(own));
        cpu[run] = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9;
        processCpu[run] = (PROCESS.getProcessCpuTime() - startProcess) / 1e9;
        full[run] = seconds(start);
        require(scan.fromIndex() == 0 && scan.treeSize() == leaves, scan);
        System.out.printf(
            Locale.ROOT,
            "first scan %d: %,d leaves (index 0 to %,d) in %.3f s; CPU time: scanning thread"
                + " %.3f s, whole process (GC, JIT included) %.3f s%n",
            run + 1,
            scan.leavesChecked(),
            scan.treeSize() - 1,
            full[run],
            cpu[run],
            processCpu[run]);
      }

      for (int i = 0; i < grow; i++) {
        random.nextBytes(fingerprint);
        log.appendPubkey(fingerprint, DeviceBinding.of(NAMESPACE, "late-" + i));
      }
      serve(relay, log, leaves, leaves + grow);
      relay.put(consistencyPath(leaves, leaves + grow), consistency(log, leaves, leaves + grow));
      long start = System.nanoTime();
      KeyScan later = monitor(relay, state).scan(NAMESPACE, OWNER, HEX.formatHex(own));
      double incremental = seconds(start);
      require(later.fromIndex() == leaves && later.treeSize() == leaves + grow, later);
      System.out.printf(
          Locale.ROOT,
          "later scan: %,d new leaves (index %,d to %,d) in %.3f s%n",
          later.leavesChecked(),
          later.fromIndex(),
          later.treeSize() - 1,
          incremental);

      double median = median(full);
      System.out.println();
      System.out.println("== target of the key transparency issue (informational) ==");
      System.out.printf(
          Locale.ROOT,
          "  monitor scan of %,d pubkey leaves   median wall %.3f s, CPU thread %.3f s / process"
              + " %.3f s; first (cold JVM) wall %.3f s   wall %s%n",
          leaves,
          median,
          median(cpu),
          median(processCpu),
          full[0],
          median <= 5.0 ? "MET (<= 5 s)" : "MISSED (<= 5 s)");
      System.out.printf(
          Locale.ROOT, "  load average while it ran: %.1f%n", PROCESS.getSystemLoadAverage());
    } finally {
      deleteRecursively(work);
    }
  }

  private static KeyMonitor monitor(InProcessHttpClient relay, Path state) {
    LogVerifier verifier =
        LogVerifier.forRelay(RELAY).stateDirectory(state).httpClient(relay).build();
    RelayHttp http =
        new RelayHttp(
            RelayAddress.of(RELAY),
            relay,
            new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
            RelayHttp.Sleeper.system());
    return new KeyMonitor(RELAY, new RemoteLog(http), verifier::verify, state);
  }

  /**
   * Renders the answers a scan of {@code [from, to)} asks for against the head of {@code to}
   * leaves: the head, and the pages. Returns the bytes of the pages.
   */
  private static long serve(InProcessHttpClient relay, SectorLog log, long from, long to) {
    SignedTreeHead head = log.sth();
    if (head.treeSize() != to) {
      throw new IllegalStateException("the head has " + head.treeSize() + " leaves, not " + to);
    }
    relay.put("/v2/ct/sth", treeHead(head, log.publicKey()).build().toString());
    long bytes = 0;
    for (long page = from; page < to; page += SectorLog.MAX_PAGE_LEAVES) {
      long end = Math.min(to, page + SectorLog.MAX_PAGE_LEAVES);
      String answer = leaves(log.leaves(page, end, to), log.publicKey());
      relay.put(
          "/v2/ct/leaves?from=" + page + "&to=" + end + "&tree_size=" + to + "&proofs=false",
          answer);
      bytes += answer.getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }

  /** A page as the relay's {@code LogResource} serves it. */
  private static String leaves(LeafPage page, byte[] publicKey) {
    JsonArrayBuilder leaves = JSON.createArrayBuilder();
    for (ProvenLeaf leaf : page.leaves()) {
      LogEntry entry = leaf.entry();
      byte[] bytes = entry.encode();
      JsonArrayBuilder proof = JSON.createArrayBuilder();
      leaf.proof().path().forEach(hash -> proof.add(HEX.formatHex(hash)));
      JsonObjectBuilder json =
          JSON.createObjectBuilder()
              .add("index", leaf.index())
              .add("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(bytes)))
              .add("leaf_bytes", HEX.formatHex(bytes))
              .add("type", entry.type().wireName())
              .add("subject", entry.subject())
              .add("sector", entry.sector())
              .add("inserted_at", entry.insertedAtMillis());
      if (entry.detail() instanceof LeafDetail.Pubkey pubkey) {
        json.add("binding", pubkey.binding());
      }
      leaves.add(withProofs ? json.add("inclusion_proof", proof) : json);
    }
    return JSON.createObjectBuilder()
        .add("tree_size", page.treeSize())
        .add("sth", treeHead(page.treeHead(), publicKey))
        .add("leaves", leaves)
        .build()
        .toString();
  }

  private static JsonObjectBuilder treeHead(SignedTreeHead head, byte[] publicKey) {
    return JSON.createObjectBuilder()
        .add("tree_size", head.treeSize())
        .add("root_hash", HEX.formatHex(head.rootHash()))
        .add("timestamp", head.timestampMillis())
        .add("signature", HEX.formatHex(head.signature()))
        .add("algorithm", SignedTreeHead.ALGORITHM)
        .add("key_id", head.keyId())
        .add("public_key", HEX.formatHex(publicKey));
  }

  private static String consistencyPath(long first, long second) {
    return "/v2/ct/proof/consistency?first=" + first + "&second=" + second;
  }

  private static String consistency(SectorLog log, long first, long second) {
    ConsistencyProof proof = log.consistencyProof(first, second);
    JsonArrayBuilder path = JSON.createArrayBuilder();
    proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
    return JSON.createObjectBuilder()
        .add("first", first)
        .add("second", second)
        .add("proof", path)
        .build()
        .toString();
  }

  private static void require(boolean right, KeyScan scan) {
    if (!right) {
      throw new IllegalStateException("the scan did not cover the log: " + scan);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** tmpfs when there is one: building the log fsyncs every append, which is setup, not scan. */
  private static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
