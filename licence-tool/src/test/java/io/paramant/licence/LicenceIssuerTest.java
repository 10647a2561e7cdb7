package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LicenceIssuerTest {

  private static final PrivateKey KEY = Tokens.VENDOR.getPrivate();
  private static final Instant NEXT_YEAR = Instant.now().plus(Duration.ofDays(365));

  @Test
  void each_licence_gets_its_own_id() throws LicenceException {
    LicenceVerifier verifier = LicenceVerifier.fromPublicKey(Tokens.VENDOR_PUBLIC_KEY);
    String first = LicenceIssuer.issue(KEY, "ACME GmbH", NEXT_YEAR, 5);
    String second = LicenceIssuer.issue(KEY, "ACME GmbH", NEXT_YEAR, 5);

    assertNotEquals(
        verifier.verify(first, Instant.now()).id(), verifier.verify(second, Instant.now()).id());
  }

  @Test
  void the_payload_has_the_contract_field_order_and_types() {
    String json = Tokens.payloadOf(LicenceIssuer.issue(KEY, "ACME GmbH", NEXT_YEAR, 12));

    assertTrue(
        json.matches(
            "\\{\"v\":1,\"id\":\"[0-9a-f-]{36}\",\"to\":\"ACME GmbH\","
                + "\"iat\":\"[0-9T:-]+Z\",\"exp\":\""
                + Pattern.quote(NEXT_YEAR.toString())
                + "\",\"max_users\":12}"),
        json);
  }

  @Test
  void bad_arguments_are_refused() throws Exception {
    PrivateKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();

    assertEquals(
        "the licence signing key is not an Ed25519 private key",
        assertThrows(
                IllegalArgumentException.class,
                () -> LicenceIssuer.issue(rsa, "ACME GmbH", NEXT_YEAR, 5))
            .getMessage());
    for (String to : new String[] {"", " ", "line\nbreak", "x".repeat(257)}) {
      assertThrows(
          IllegalArgumentException.class, () -> LicenceIssuer.issue(KEY, to, NEXT_YEAR, 5), to);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> LicenceIssuer.issue(KEY, "ACME GmbH", Instant.now().minusSeconds(1), 5));
    assertThrows(
        IllegalArgumentException.class, () -> LicenceIssuer.issue(KEY, "ACME GmbH", NEXT_YEAR, 0));
  }
}
