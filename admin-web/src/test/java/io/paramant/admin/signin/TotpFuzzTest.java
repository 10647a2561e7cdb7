package io.paramant.admin.signin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The second factor's inputs: the code a person types at sign-in (anyone can send any text) and the
 * base32 secret an operator configures. {@link Totp#verify} answers every text with true or false
 * and accepts only the current code, once; {@link Totp#fromBase32} refuses with {@link
 * IllegalArgumentException} only, and bytes written as base32 read back unchanged. Seeds and
 * findings: src/test/resources/io/paramant/admin/signin/TotpFuzzTestInputs/.
 */
class TotpFuzzTest {

  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @FuzzTest
  void code(byte[] input) {
    Totp totp = Totp.fromBase32(SECRET);
    String typed = new String(input, StandardCharsets.UTF_8);
    String current = totp.code(NOW);
    boolean accepted = totp.verify(typed, NOW);
    if (accepted) {
      assertFalse(totp.verify(typed, NOW), "a code was accepted twice");
    } else {
      assertTrue(totp.verify(current, NOW), "a refused guess spent the current step");
    }
  }

  @FuzzTest
  void secret(byte[] input) {
    Totp totp;
    try {
      totp = Totp.fromBase32(new String(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException refused) {
      assertArrayEquals(input, Totp.base32(Totp.base32(input)));
      return;
    }
    assertTrue(totp.verify(totp.code(NOW), NOW));
  }
}
