package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Licence tokens ({@code PLK_KEY}) from anyone: {@link LicenceVerifier#verify} promises that
 * nothing but a {@link LicenceException} comes out of it, whatever the token. Two targets: any
 * string as a token (the form checks and the signature), and any bytes as the payload of a token
 * the vendor's key signed (the JSON reader, which only signed payloads reach). A payload that is
 * accepted must survive being written and read again unchanged. Seeds and findings:
 * src/test/resources/io/paramant/licence/LicenceVerifierFuzzTestInputs/ (docs/fuzzing.md).
 */
class LicenceVerifierFuzzTest {

  private static final LicenceVerifier VERIFIER =
      LicenceVerifier.fromPublicKey(SignedTokens.VENDOR_PUBLIC_KEY);
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  /** The input is the token as UTF-8 (malformed sequences become U+FFFD, which is no token). */
  @FuzzTest
  void anyToken(byte[] input) {
    try {
      VERIFIER.verify(new String(input, StandardCharsets.UTF_8), NOW);
    } catch (LicenceException refused) {
      assertNotNull(refused.reason());
    }
  }

  /**
   * A payload reaches the JSON reader only once the vendor's signature over it verified ({@link
   * LicenceVerifier#authenticate}); signing every input would make this target a hundred times
   * slower, so it reads the payload as authenticate does after the signature check.
   */
  @FuzzTest
  void signedPayload(byte[] payload) {
    Licence licence;
    try {
      licence = LicencePayload.read(payload);
    } catch (LicenceException refused) {
      assertNotNull(refused.reason());
      return;
    }
    try {
      assertEquals(licence, LicencePayload.read(LicencePayload.write(licence)));
    } catch (LicenceException e) {
      throw new AssertionError("an accepted licence does not read back: " + e.getMessage(), e);
    }
  }
}
