package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's contract where no relay is needed; the decisions are in {@code LogAuditTest}. */
class LogVerifierTest {

  @TempDir Path state;

  private LogVerifier verifier;

  @BeforeEach
  void build() {
    verifier =
        LogVerifier.forRelay(URI.create("HTTP://127.0.0.1:3000")).stateDirectory(state).build();
  }

  @Test
  void the_relay_address_is_normalized() {
    assertEquals(URI.create("http://127.0.0.1:3000/"), verifier.relay());
  }

  @Test
  void inclusion_needs_a_head_verified_first() {
    assertThrows(IllegalStateException.class, () -> verifier.verifyInclusion("ab".repeat(32)));
  }

  @Test
  void hashes_and_key_ids_are_64_hex_digits() {
    assertThrows(IllegalArgumentException.class, () -> verifier.verifyInclusion("ab"));
    assertThrows(
        IllegalArgumentException.class,
        () -> LogVerifier.forRelay(URI.create("http://127.0.0.1/")).expectedKeyId("xyz"));
  }
}
