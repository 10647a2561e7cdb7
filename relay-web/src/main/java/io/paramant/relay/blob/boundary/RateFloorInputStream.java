package io.paramant.relay.blob.boundary;

import io.paramant.relay.blob.UploadTooSlowException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Cuts a request body that arrives slower than a floor: once the grace period since the body began
 * is over, the bytes read so far, averaged over the whole time, must reach the floor. The check is
 * made before and after every read, on the request's own thread (no timer, no thread per upload).
 *
 * <p>A read that blocks without any byte is not ended here but by the server's read timeout (10 s,
 * {@code server-config/payara/pre-boot-commands.txt}); a client that sends a byte now and then,
 * often enough to keep that timeout from firing, is what this floor stops.
 */
final class RateFloorInputStream extends FilterInputStream {

  private static final double NANOS_PER_SECOND = 1e9;

  private final long minBytesPerSecond;
  private final long graceNanos;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long read;

  /**
   * @param minBytesPerSecond the floor; 0 switches it off
   * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime})
   */
  RateFloorInputStream(
      InputStream in, long minBytesPerSecond, long graceNanos, LongSupplier nanoClock) {
    super(in);
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = graceNanos;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  @Override
  public int read() throws IOException {
    requirePace();
    int b = super.read();
    if (b >= 0) {
      read++;
      requirePace();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    requirePace();
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      read += n;
      requirePace();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    requirePace();
    long skipped = super.skip(n);
    read += Math.max(0, skipped);
    return skipped;
  }

  private void requirePace() {
    if (minBytesPerSecond == 0) {
      return;
    }
    long elapsed = nanoClock.getAsLong() - startNanos;
    if (elapsed >= graceNanos && read < minBytesPerSecond * (elapsed / NANOS_PER_SECOND)) {
      throw new UploadTooSlowException(minBytesPerSecond);
    }
  }
}
