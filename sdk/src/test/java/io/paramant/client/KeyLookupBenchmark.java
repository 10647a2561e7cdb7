package io.paramant.client;

import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.VerifiedDevices;
import io.paramant.client.internal.pins.HomeLogPin;
import io.paramant.client.internal.pins.NamespacePin;
import io.paramant.client.internal.relay.RelayClient;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.client.testing.FakeRelay;
import io.paramant.client.testing.FakeWitness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A key lookup on a warm client (issue 13: at most 20 ms with proof and cosignature checks). A
 * program, never a test: nothing fails on a timing. Run from the repository root after building the
 * reactor's classes ({@code mvn -B -q -pl sdk -am test-compile}); docs/PERFORMANCE.md ("Key
 * lookup") has the exact command.
 *
 * <p>The client is warm: the relay's key, its newest head, both witnesses' keys, the namespace and
 * the home log are pinned, and the JIT has run. What {@link #check} measures is the SDK's whole
 * check path of one {@code GET /v2/pubkey/{id}} answer, as {@link GhostPipe#deviceKeys} runs it for
 * a device it has not verified yet ({@link VerifiedDevices#keys}): parsing the answer; loading the
 * stored head from the state directory; the head's ML-DSA-65 signature under the pinned key and its
 * consistency with the stored head (same size: no proof to fetch); the quorum of 2 cosignatures
 * (two ML-DSA-65 verifications, freshness, origin); the namespace and binding; the fingerprint
 * recomputed from the served keys; the v2 leaf rebuilt and its inclusion proof in a log of {@code
 * leaves} leaves; the home-log check. Excluded: the HTTP round trip of {@code GET /v2/pubkey/{id}}
 * (the answer's bytes, about 10 KB, were fetched once from a relay in this JVM: over loopback its
 * time is that test double's, which signs a head and two cosignatures per request, not the SDK's);
 * a consistency proof (the served head is the stored one, as between two lookups without new
 * leaves; a newer head costs one more request and a proof of about 2·log2(leaves) hashes); and the
 * first-use fetches (witness key documents, {@code GET /v2/check-key}), made once per client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class KeyLookupBenchmark {

  /** The log's size: the inclusion proof has about log2(leaves) hashes. */
  @Param({"100000"})
  public int leaves;

  private Path directory;
  private FakeRelay relay;
  private FakeWitness first;
  private FakeWitness second;
  private VerifiedDevices fetchedOnce;

  @Setup(Level.Trial)
  public void start() throws IOException {
    directory = Files.createTempDirectory("paramant-key-lookup");
    relay = FakeRelay.start(directory.resolve("relay"));
    first = FakeWitness.start();
    second = FakeWitness.start();
    relay.witnessedBy(first, second);
    relay.logTransfers(leaves / 2);
    try (GhostPipe bob =
        GhostPipe.builder()
            .relay(relay.uri())
            .apiKey(FakeRelay.API_KEY)
            .deviceId("bob")
            .stateDirectory(directory.resolve("bob"))
            .keyDirectory(directory.resolve("bob"))
            .build()) {
      bob.registerDevice();
    }
    relay.logTransfers(leaves - leaves / 2 - 1);

    Path state = directory.resolve("alice");
    RelayAddress address = RelayAddress.of(relay.uri());
    RelayHttp http =
        new RelayHttp(
            address,
            RelayHttp.defaultHttpClient(),
            RetryPolicy.DEFAULT,
            RelayHttp.Sleeper.system());
    LogVerifier log =
        LogVerifier.forRelay(relay.uri())
            .stateDirectory(state)
            .relayHttp(http)
            .witness(first.uri(), null)
            .witness(second.uri(), null)
            .quorum(2)
            .build();
    log.verify(); // pins the relay's key and head and the witnesses' keys
    RelayClient api = new RelayClient(http, FakeRelay.API_KEY);
    byte[] answer = api.pubkey("bob"); // cosigned now: fresh for the 10 minutes of a run
    NamespacePin namespace = new NamespacePin(state, address, null, ns -> {});
    HomeLogPin homeLogs = new HomeLogPin(state);
    fetchedOnce =
        new VerifiedDevices(
            address,
            device -> answer,
            log::verifyServed,
            null,
            namespace,
            homeLogs,
            api::accountNamespace);
    check(); // pins the namespace and the home log
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    relay.close();
    first.close();
    second.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              file -> {
                try {
                  Files.delete(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** The check path of one answer, in-process. */
  @Benchmark
  public PublicKeys check() {
    fetchedOnce.forget("bob");
    return fetchedOnce.keys("bob");
  }
}
