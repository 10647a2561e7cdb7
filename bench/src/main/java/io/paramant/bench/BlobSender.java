package io.paramant.bench;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One sending thread of the push and webhook benchmarks: its own HTTP client and a fresh random
 * blob of the run's size per upload (small blobs: regenerating and hashing them is cheap, unlike
 * {@link FreshBlobs}' 5 MiB). Not thread-safe.
 */
final class BlobSender {

  private static final HexFormat HEX = HexFormat.of();

  final RelayClient client;
  final byte[] blob;
  final byte[] received;
  private final SplittableRandom random;
  private final MessageDigest sha256 = FreshBlobs.sha256();

  BlobSender(BenchOptions options, int size, long seed) {
    this.client = new RelayClient(options.relay, options.key, options.ttlMs);
    this.random = new SplittableRandom(seed);
    this.blob = new byte[size];
    this.received = new byte[size + 1];
  }

  /** A new random blob in {@link #blob}; returns its hash. */
  String next() {
    random.nextBytes(blob);
    return HEX.formatHex(sha256.digest(blob));
  }

  /** Whether {@link #received} holds {@code length} bytes equal to {@link #blob}. */
  boolean receivedBlob(int length) {
    return length == blob.length && Arrays.equals(received, 0, blob.length, blob, 0, blob.length);
  }

  /**
   * Downloads (and so frees) a stored blob; false if the bytes are wrong. A failed download has no
   * bytes to compare: it goes to {@code error} and counts as right.
   */
  boolean fetch(String hash, Consumer<String> error) throws IOException, InterruptedException {
    RelayClient.Reply down = client.download(hash, received);
    if (!down.ok()) {
      error.accept("download: " + down);
      return true;
    }
    return receivedBlob(down.length());
  }
}
