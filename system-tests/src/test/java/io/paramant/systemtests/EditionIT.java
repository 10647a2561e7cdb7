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
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edition as the operator configures it: {@code PLK_KEY} and {@code
 * PARAMANT_LICENCE_PUBLIC_KEY} through the launcher make a relay the Licensed Edition; its log says
 * why, without the token. The other relays of the deployment run without a licence.
 */
class EditionIT {

  @Test
  void a_relay_started_with_a_genuine_licence_is_licensed_and_logs_why_without_the_token()
      throws Exception {
    KeyPair vendor = LicenceIssuer.generateKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded());
    String token =
        LicenceIssuer.issue(
            vendor.getPrivate(), "EditionIT Hospital", Instant.now().plus(Duration.ofDays(30)), 25);
    try {
      RelayApi finance =
          new RelayApi(
              Deployment.upWith(
                  FINANCE, Map.of("PLK_KEY", token, "PARAMANT_LICENCE_PUBLIC_KEY", publicKey)));

      JsonObject health = RelayApi.json(finance.get("/health", null));
      assertEquals("licensed", health.getString("edition"), health::toString);
      assertEquals(
          "community",
          RelayApi.json(new RelayApi(Deployment.baseUri(MAIN)).get("/health", null))
              .getString("edition"));
      assertEquals("licensed", self(finance).getString("edition"));

      String log = Files.readString(Deployment.logFile(FINANCE));
      assertTrue(
          log.contains("Licensed Edition: licence ")
              && log.contains("issued to EditionIT Hospital, up to 25 active users"),
          "no explanation of the edition in the log");
      assertFalse(log.contains(token.substring(4, 40)), "the licence token is in the log");
      assertFalse(log.contains(publicKey), "the licence public key is in the log");
    } finally {
      Deployment.down(FINANCE);
    }
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
