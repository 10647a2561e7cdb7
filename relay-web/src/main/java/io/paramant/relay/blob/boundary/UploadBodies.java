package io.paramant.relay.blob.boundary;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobTooLargeException;
import io.paramant.relay.blob.UploadTooSlowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * How the body of an upload ({@code POST /v2/inbound}, {@code POST /v2/drop}) is read: a declared
 * length over the route's limit is refused before reading, an undeclared one is cut at the limit
 * ({@link BoundedInputStream}), and a body that arrives slower than {@code
 * paramant.upload.min-rate-bytes} (default 65,536 bytes per second, averaged once {@code
 * paramant.upload.grace-seconds}, default 10, have passed) is cut ({@link RateFloorInputStream}),
 * so that a slow client cannot hold a blob slot for long. Either way the upload's slot is freed
 * when the resource's try-with-resources closes it, before the answer is written.
 */
@ApplicationScoped
public class UploadBodies {

  private static final System.Logger LOG = System.getLogger(UploadBodies.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.upload.min-rate-bytes", defaultValue = "65536")
  long minBytesPerSecond;

  @Inject
  @ConfigProperty(name = "paramant.upload.grace-seconds", defaultValue = "10")
  long graceSeconds;

  @Inject MetricRegistry metrics;

  private Counter cutSlow;

  /** Checks the configuration at start-up; a bad value fails the deployment. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (minBytesPerSecond < 0) {
      throw new IllegalStateException(
          "paramant.upload.min-rate-bytes must be 0 (off) or more, was " + minBytesPerSecond);
    }
    if (graceSeconds < 0 || graceSeconds > 3600) {
      throw new IllegalStateException(
          "paramant.upload.grace-seconds must be 0 to 3600, was " + graceSeconds);
    }
    cutSlow =
        metrics.counter(
            Metadata.builder()
                .withName("paramant_uploads_cut_slow")
                .withDescription("Uploads cut off because their body arrived below the rate floor")
                .withUnit(MetricUnits.NONE)
                .build());
    LOG.log(
        Level.INFO,
        minBytesPerSecond == 0
            ? "Upload rate floor is off (paramant.upload.min-rate-bytes=0)"
            : "Uploads slower than {0} bytes/s after {1} s are cut",
        Long.toString(minBytesPerSecond),
        Long.toString(graceSeconds));
  }

  /**
   * The body to read, bounded in size and pace.
   *
   * @throws BlobTooLargeException when the declared length exceeds {@code limit}
   */
  InputStream open(InputStream body, Long declaredLength, long limit) {
    if (declaredLength != null && declaredLength > limit) {
      throw new BlobTooLargeException("The request body exceeds " + limit + " bytes.");
    }
    return new BoundedInputStream(
        new RateFloorInputStream(
            body, minBytesPerSecond, TimeUnit.SECONDS.toNanos(graceSeconds), System::nanoTime),
        limit);
  }

  /**
   * Runs {@code reader} over a body from {@link #open}. A body that cannot be read completely (the
   * client went away, or stalled until the server's read timeout) is 400 {@code incomplete_body};
   * one that came too slowly is 408 {@code upload_too_slow}.
   */
  <T> T read(BodyReader<T> reader) {
    try {
      return reader.read();
    } catch (IOException e) {
      throw new InvalidInputException(
          "incomplete_body", "The request body could not be read completely.");
    } catch (UploadTooSlowException e) {
      if (cutSlow != null) {
        cutSlow.inc();
      }
      throw e;
    }
  }

  /** Reads a body. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read() throws IOException;
  }
}
