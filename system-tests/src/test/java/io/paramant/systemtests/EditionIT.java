package io.paramant.systemtests;

import static io.paramant.systemtests.Deployment.FINANCE;
import static io.paramant.systemtests.Deployment.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.licence.LicenceIssuer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edition as the operator configures it: the deployment runs with a licence ({@code PLK_KEY},
 * checked against {@code PARAMANT_LICENCE_PUBLIC_KEY}), so its relays and console are the Licensed
 * Edition; a relay given a licence that the configured key did not sign, or a tampered one, is the
 * Community Edition and its log says why, without the token.
 */
class EditionIT {

  @Test
  void the_deployment_is_licensed_by_its_genuine_licence() {
    for (String sector : Deployment.sectors()) {
      JsonObject health =
          RelayApi.json(new RelayApi(Deployment.baseUri(sector)).get("/health", null));
      assertEquals("licensed", health.getString("edition"), health::toString);
    }
    assertEquals("licensed", self(new RelayApi(Deployment.baseUri(MAIN))).getString("edition"));
  }

  @Test
  void a_relay_given_a_licence_from_another_vendor_key_or_a_tampered_one_is_community()
      throws Exception {
    KeyPair otherVendor = LicenceIssuer.generateKeyPair();
    String foreign =
        LicenceIssuer.issue(
            otherVendor.getPrivate(),
            "EditionIT Hospital",
            Instant.now().plus(Duration.ofDays(30)),
            25);
    for (String token : List.of(foreign, tampered(foreign))) {
      try {
        // the deployment's PARAMANT_LICENCE_PUBLIC_KEY stays: this licence was not signed by it
        RelayApi finance = new RelayApi(Deployment.upWith(FINANCE, Map.of("PLK_KEY", token)));
        JsonObject health = RelayApi.json(finance.get("/health", null));
        assertEquals("community", health.getString("edition"), health::toString);
        assertEquals("community", self(finance).getString("edition"));

        String log = Files.readString(Deployment.logFile(FINANCE));
        assertTrue(
            log.contains("Community Edition (up to 5 active users): "),
            "no explanation in the log");
        assertFalse(log.contains(token.substring(4, 40)), "the licence token is in the log");
      } finally {
        Deployment.down(FINANCE);
      }
    }
  }

  /** The licence with its payload's last character changed (the signature no longer matches). */
  private static String tampered(String token) {
    int dot = token.indexOf('.');
    char last = token.charAt(dot - 1);
    return token.substring(0, dot - 1) + (last == 'A' ? 'B' : 'A') + token.substring(dot);
  }

  private static JsonObject self(RelayApi relay) {
    for (JsonValue node : RelayApi.json(relay.get("/v2/relays", null)).getJsonArray("relays")) {
      if (node.asJsonObject().getBoolean("self")) {
        return node.asJsonObject();
      }
    }
    throw new AssertionError("no self in /v2/relays");
  }
}
