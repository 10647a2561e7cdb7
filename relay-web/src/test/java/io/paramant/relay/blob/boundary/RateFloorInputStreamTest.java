package io.paramant.relay.blob.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.UploadTooSlowException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The upload rate floor with a clock the test moves: a client that sends a byte every 5 s (often
 * enough to keep the server's 10 s read timeout from ever firing) is cut at the first read after
 * the grace period, a fast one never is.
 */
class RateFloorInputStreamTest {

  private static final long FLOOR = 64 * 1024;
  private static final long GRACE = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong nanos = new AtomicLong(123_456_789);

  @Test
  void a_byte_every_five_seconds_is_cut_at_the_first_read_after_ten_seconds() throws Exception {
    InputStream trickle = new Trickle(nanos, TimeUnit.SECONDS.toNanos(5));
    RateFloorInputStream body = new RateFloorInputStream(trickle, FLOOR, GRACE, nanos::get);
    byte[] buffer = new byte[100];

    assertEquals(1, body.read(buffer, 0, 100)); // t = 5 s: within the grace period
    UploadTooSlowException cut =
        assertThrows(UploadTooSlowException.class, () -> body.read(buffer, 0, 100)); // t = 10 s

    assertEquals("upload_too_slow", cut.code());
    assertEquals(
        "The request body arrived slower than 65536 bytes per second and was cut off.",
        cut.detail());
    assertThrows(UploadTooSlowException.class, body::read, "and stays cut");
  }

  @Test
  void a_body_at_the_floor_or_faster_is_read_whole() throws Exception {
    byte[] payload = new byte[20 * (int) FLOOR];
    new java.util.Random(1).nextBytes(payload);
    // exactly the floor: each piece takes as long on the test's clock as the floor allows
    InputStream steady =
        new ByteArrayInputStream(payload) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, Math.min(len, 4096));
            nanos.addAndGet(Math.max(0, n) * TimeUnit.SECONDS.toNanos(1) / FLOOR);
            return n;
          }
        };
    RateFloorInputStream body = new RateFloorInputStream(steady, FLOOR, GRACE, nanos::get);

    assertArrayEquals(payload, body.readAllBytes());
  }

  @Test
  void a_slow_start_is_forgiven_within_the_grace_period_if_the_average_catches_up()
      throws Exception {
    RateFloorInputStream body =
        new RateFloorInputStream(
            new ByteArrayInputStream(new byte[(int) (14 * FLOOR)]), FLOOR, GRACE, nanos::get);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(9)); // nothing for 9 s
    body.readNBytes((int) (12 * FLOOR));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(2)); // 11 s, 12 floors: above the floor
    assertEquals(2 * FLOOR, body.readAllBytes().length);
  }

  @Test
  void a_floor_of_zero_switches_the_check_off() throws Exception {
    InputStream trickle = new Trickle(nanos, TimeUnit.SECONDS.toNanos(60));
    RateFloorInputStream body = new RateFloorInputStream(trickle, 0, GRACE, nanos::get);

    for (int i = 0; i < 5; i++) {
      assertEquals('x', body.read());
    }
  }

  @Test
  void a_slow_json_upload_is_cut_while_the_payload_is_decoded() {
    String json =
        "{\"hash\":\""
            + "a".repeat(64)
            + "\",\"payload\":\""
            + Base64.getEncoder().encodeToString(new byte[1000])
            + "\"}";
    InputStream slow =
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
            return super.read(b, off, Math.min(len, 10));
          }
        };
    InputStream body = new RateFloorInputStream(slow, FLOOR, GRACE, nanos::get);

    // not swallowed as malformed JSON or bad base64 by the parser
    assertThrows(
        UploadTooSlowException.class, () -> InboundJson.read(body, new ByteArrayOutputStream()));
  }

  @Test
  void a_bad_json_body_is_still_a_400_not_a_408() {
    InputStream body =
        new RateFloorInputStream(
            new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)),
            FLOOR,
            GRACE,
            nanos::get);

    assertEquals(
        "malformed_json",
        assertThrows(
                InvalidInputException.class,
                () -> InboundJson.read(body, new ByteArrayOutputStream()))
            .code());
  }

  /** Never ends: one {@code x} per read, each read taking {@code intervalNanos} of the clock. */
  private static final class Trickle extends InputStream {
    private final AtomicLong clock;
    private final long intervalNanos;

    Trickle(AtomicLong clock, long intervalNanos) {
      this.clock = clock;
      this.intervalNanos = intervalNanos;
    }

    @Override
    public int read() {
      clock.addAndGet(intervalNanos);
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      b[off] = (byte) read();
      return 1;
    }
  }
}
