package io.paramant.client;

import io.paramant.client.internal.transfer.OutgoingFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program, not a test: moves one file end to end through a running relay with the SDK, the way
 * two devices of one account do, and prints how long it took. Nothing fails on a timing.
 *
 * <pre>
 * server-config/paramant up main
 * export PARAMANT_KEY=$(server-config/paramant user add --label bench --plan enterprise --email b@example.com)
 * mvn -B -q -f sdk/pom.xml -Pbench test-compile exec:exec \
 *     -Dbench.main=io.paramant.client.EndToEndBenchmark -Djmh.args="--size-mb 50 --runs 5"
 * </pre>
 *
 * Options: {@code --relay URL} (default $PARAMANT_RELAY, else http://127.0.0.1:3000/), {@code
 * --size-mb N} (MiB, default 50), {@code --runs N} (measured runs after one warm-up, default 5).
 *
 * <p>Two modes per run, each on a fresh random file:
 *
 * <ul>
 *   <li><b>send, then receive</b>: {@link GhostPipe#send} until every chunk is stored, then {@link
 *       GhostPipe#receive(Transfer, Path)} until the file is renamed into place;
 *   <li><b>pushed</b>: the receiver listens on the push stream and receives every chunk as it is
 *       announced ({@link GhostPipe#receive(BlobAnnouncement, Path)}), so receiving overlaps
 *       sending; the time runs from the start of the send to the file in place.
 * </ul>
 *
 * Both include everything the SDK does: key lookup (verified once, then remembered), sealing,
 * hashing, uploads and downloads, authentication, fsync'd assembly and the rename. The received
 * file is compared with the sent one (by SHA-256) after the clock stopped.
 */
public final class EndToEndBenchmark {

  private static final int MIB = 1024 * 1024;
  private static final long CHUNK = OutgoingFile.CHUNK_DATA_SIZE;
  private static final Duration TTL = Duration.ofMinutes(5);

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI relay =
        URI.create(
            Optional.ofNullable(System.getenv("PARAMANT_RELAY")).orElse("http://127.0.0.1:3000/"));
    long sizeMib = 50;
    int runs = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--relay" -> relay = URI.create(args[++i]);
        case "--size-mb" -> sizeMib = Long.parseLong(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String key = System.getenv("PARAMANT_KEY");
    if (key == null) {
      throw new IllegalStateException("set PARAMANT_KEY to an API key of the relay");
    }
    Path temp = Files.createTempDirectory("paramant-bench-");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    try (GhostPipe sender = pipe(relay, key, "bench-send-" + suffix, temp.resolve("send"));
        GhostPipe receiver = pipe(relay, key, "bench-recv-" + suffix, temp.resolve("recv"))) {
      sender.registerDevice();
      receiver.registerDevice();
      String to = "bench-recv-" + suffix;
      Path inbox = Files.createDirectories(temp.resolve("inbox"));
      System.out.printf(
          Locale.ROOT,
          "End to end through %s: %d MiB (%d chunks), %d runs after a warm-up; %d cores%n",
          relay,
          sizeMib,
          (sizeMib * MIB + CHUNK - 1) / CHUNK,
          runs,
          Runtime.getRuntime().availableProcessors());
      List<Long> sendTimes = new ArrayList<>();
      List<Long> receiveTimes = new ArrayList<>();
      List<Long> totals = new ArrayList<>();
      List<Long> pushed = new ArrayList<>();
      for (int run = 0; run <= runs; run++) {
        Path file = randomFile(temp.resolve("file-" + run + ".bin"), sizeMib * MIB);
        String expected = sha256(file);

        long start = System.nanoTime();
        Transfer sent = sender.send(file, to, TTL);
        long stored = System.nanoTime();
        Path received = receiver.receive(sent, inbox);
        long done = System.nanoTime();
        check(expected, received);

        long pushStart = System.nanoTime();
        Path pushedFile = pushedTransfer(sender, receiver, file, to, inbox);
        long pushDone = System.nanoTime();
        check(expected, pushedFile);
        Files.delete(file);

        if (run > 0) { // run 0 warms up the JIT, the connections and the key lookup
          sendTimes.add(stored - start);
          receiveTimes.add(done - stored);
          totals.add(done - start);
          pushed.add(pushDone - pushStart);
        }
      }
      report("send", sendTimes, sizeMib);
      report("receive", receiveTimes, sizeMib);
      report("send, then receive (end to end)", totals, sizeMib);
      report("pushed: receive while sending (end to end)", pushed, sizeMib);
    } finally {
      try (Stream<Path> files = Files.walk(temp)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Sends {@code file} while the receiver takes every announced chunk off the relay at once. */
  private static Path pushedTransfer(
      GhostPipe sender, GhostPipe receiver, Path file, String to, Path inbox) throws Exception {
    BlockingQueue<BlobAnnouncement> announced = new LinkedBlockingQueue<>();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    PushStream stream = receiver.stream(announced::add);
    try {
      Future<Path> result =
          worker.submit(
              () -> {
                while (true) {
                  BlobAnnouncement next = announced.poll(60, TimeUnit.SECONDS);
                  if (next == null) {
                    throw new IllegalStateException("no announcement within a minute");
                  }
                  Optional<Path> complete = receiver.receive(next, inbox);
                  if (complete.isPresent()) {
                    return complete.get();
                  }
                }
              });
      sender.send(file, to, TTL);
      return result.get(5, TimeUnit.MINUTES);
    } finally {
      stream.close();
      worker.shutdownNow();
    }
  }

  private static GhostPipe pipe(URI relay, String key, String device, Path home) {
    return GhostPipe.builder()
        .relay(relay)
        .apiKey(key)
        .deviceId(device)
        .keyDirectory(home)
        .stateDirectory(home)
        .build();
  }

  private static void check(String expected, Path received) throws IOException {
    if (!expected.equals(sha256(received))) {
      throw new IllegalStateException("the received file differs from the sent one");
    }
    Files.delete(received);
  }

  private static void report(String what, List<Long> nanos, long sizeMib) {
    List<Long> sorted = nanos.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%-44s median %7.0f ms  min %7.0f ms  max %7.0f ms  (%.0f MB/s at the median)%n",
        what,
        median,
        sorted.get(0) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        sizeMib * MIB / 1e6 / (median / 1000));
  }

  private static Path randomFile(Path file, long size) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] buffer = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
      }
    }
    return file;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
