package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server publishes the relay's OpenAPI document at {@code /openapi} (on Payara Micro and on
 * Payara Server alike): the hand-written document, with every route.
 */
class OpenApiIT {

  @Test
  void openapi_document_is_served_and_describes_the_relay_routes() throws Exception {
    HttpResponse<String> response =
        Deployment.http()
            .send(
                HttpRequest.newBuilder(Deployment.baseUri(Deployment.MAIN).resolve("openapi"))
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    assertEquals(200, response.statusCode(), response.body());
    String document = response.body();
    assertTrue(
        document.startsWith("openapi: 3"), () -> "not an OpenAPI 3 document: " + head(document));
    // Payara Server serves one document for all web modules: paramant.ear has two (the relay and
    // the
    // admin console, whose API is not described here), and Payara titles such a union "Deployed
    // Resources"; the relay's description and routes are unchanged.
    String title =
        Deployment.ON_PAYARA_SERVER ? "title: Deployed Resources" : "title: Paramant relay API";
    assertTrue(document.contains(title), () -> head(document));
    assertTrue(document.contains("HTTP API of one Paramant sector relay"), () -> head(document));
    for (String path : new String[] {"/v2/inbound:", "/v2/outbound/{hash}:", "/health:"}) {
      assertTrue(document.contains(path), () -> path + " is missing: " + head(document));
    }
  }

  private static String head(String text) {
    return text.substring(0, Math.min(300, text.length()));
  }
}
