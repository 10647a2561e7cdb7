package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.licence.LicenceException.Reason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verifier on tokens signed once by the vendor's issuer ({@link SignedTokens}). */
class SignedTokenTest {

  private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
  private final LicenceVerifier verifier =
      LicenceVerifier.fromPublicKey(SignedTokens.VENDOR_PUBLIC_KEY);

  @Test
  void aGenuineTokenGivesItsTerms() throws LicenceException {
    Licence licence = verifier.verify(SignedTokens.ACME, NOW);

    assertEquals("5c3aa7b8-dcd8-42c1-9077-9d6ab57271c8", licence.id());
    assertEquals("ACME GmbH", licence.issuedTo());
    assertEquals(Instant.parse("2026-12-07T03:55:09Z"), licence.issuedAt());
    assertEquals(Instant.parse("2099-01-01T00:00:00Z"), licence.expires());
    assertEquals(50, licence.maxUsers());
  }

  @Test
  void anotherKeysSignatureIsRefused() {
    LicenceException refused =
        assertThrows(LicenceException.class, () -> verifier.verify(SignedTokens.OTHER_KEY, NOW));
    assertEquals(Reason.BAD_SIGNATURE, refused.reason());
  }

  @Test
  void aChangedSignatureIsRefused() {
    String token = SignedTokens.ACME;
    char last = token.charAt(token.length() - 2);
    String changed =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);

    LicenceException refused =
        assertThrows(LicenceException.class, () -> verifier.verify(changed, NOW));
    assertEquals(Reason.BAD_SIGNATURE, refused.reason());
  }

  @Test
  void aGenuineTokenPastItsExpiryIsRefused() {
    LicenceException refused =
        assertThrows(
            LicenceException.class,
            () -> verifier.verify(SignedTokens.ACME, Instant.parse("2099-01-01T00:00:01Z")));
    assertEquals(Reason.EXPIRED, refused.reason());
  }
}
