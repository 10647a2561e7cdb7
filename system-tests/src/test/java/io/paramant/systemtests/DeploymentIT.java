package io.paramant.systemtests;

import static io.paramant.systemtests.Deployment.IOT;
import static io.paramant.systemtests.Deployment.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: the accounts that {@code paramant user add} wrote are the ones every sector
 * relay accepts (GET /v2/check-key), so tests can rely on {@link Deployment#apiKey(String)} and
 * {@link Deployment#newAccount(String)}.
 */
class DeploymentIT {

  @Test
  void every_sector_accepts_the_prepared_keys_with_their_plans_and_refuses_the_inactive_one()
      throws Exception {
    for (String sector : List.of(MAIN, IOT)) {
      for (String plan : List.of("free", "pro", "enterprise")) {
        JsonObject answer = checkKey(sector, Deployment.apiKey(plan));
        assertTrue(answer.getBoolean("valid"), sector + " " + plan + ": " + answer);
        assertEquals(plan, answer.getString("plan"), sector + ": " + answer);
      }
      JsonObject inactive = checkKey(sector, Deployment.account("inactive").apiKey());
      assertFalse(inactive.getBoolean("valid"), sector + " inactive: " + inactive);
    }
  }

  @Test
  void a_new_account_is_accepted_as_soon_as_it_is_returned() throws Exception {
    TestAccount account = Deployment.newAccount("pro");

    for (String sector : List.of(MAIN, IOT)) {
      JsonObject answer = checkKey(sector, account.apiKey());
      assertTrue(answer.getBoolean("valid"), sector + ": " + answer);
      assertEquals("pro", answer.getString("plan"), sector + ": " + answer);
    }
  }

  private static JsonObject checkKey(String sector, String apiKey) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(Deployment.baseUri(sector).resolve("v2/check-key"))
            .header("X-Api-Key", apiKey)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    HttpResponse<String> response =
        Deployment.http().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }
}
