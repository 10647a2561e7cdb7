package io.paramant.client.internal.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A relay's {@code Retry-After} header, any text: {@link RetryPolicy#parseRetryAfter} answers with
 * a wait that is never negative, or none, and throws nothing. Seeds and findings:
 * src/test/resources/io/paramant/client/internal/relay/RetryPolicyFuzzTestInputs/.
 */
class RetryPolicyFuzzTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @FuzzTest
  void retryAfter(byte[] header) {
    Optional<Duration> wait =
        RetryPolicy.parseRetryAfter(
            Optional.of(new String(header, StandardCharsets.ISO_8859_1)), NOW);
    wait.ifPresent(duration -> assertFalse(duration.isNegative(), duration.toString()));
  }
}
