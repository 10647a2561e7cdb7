package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server publishes the relay's OpenAPI document at {@code /openapi} (on Payara Micro and on
 * Payara Server alike): the hand-written document, with every route, and valid AS SERVED — for
 * swagger-parser and for openapi-generator's default validation, the tools API users generate their
 * clients with (the server adds things of its own to the file, see ServedOpenApiFilter).
 *
 * <p>Uses nothing but {@link Deployment#baseUri} and the generator's jar ({@link
 * OpenApiGenerator}), so that any deployment the tests run against (Payara Micro 6 or 7, Payara
 * Server) can run it.
 */
class OpenApiIT {

  @Test
  void openapi_document_is_served_and_describes_the_relay_routes() throws Exception {
    String document = served();
    assertTrue(
        document.startsWith("openapi: 3"), () -> "not an OpenAPI 3 document: " + head(document));
    // Payara Server serves one document for all web modules: paramant.ear has two (the relay and
    // the admin console, whose API is not described here), and Payara titles such a union
    // "Deployed Resources"; the relay's description and routes are unchanged.
    String title =
        Deployment.ON_PAYARA_SERVER ? "title: Deployed Resources" : "title: Paramant relay API";
    assertTrue(document.contains(title), () -> head(document));
    assertTrue(document.contains("HTTP API of one Paramant sector relay"), () -> head(document));
    for (String path : new String[] {"/v2/inbound:", "/v2/outbound/{hash}:", "/health:"}) {
      assertTrue(document.contains(path), () -> path + " is missing: " + head(document));
    }
  }

  @Test
  void the_served_document_passes_swagger_parser_without_a_message() throws Exception {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIParser().readContents(served(), List.of(), options); // no network access
    assertEquals(List.of(), result.getMessages(), "swagger-parser's messages");
    // the file's version; Payara Server's union of its web modules' documents says 3.0.0
    assertEquals(Deployment.ON_PAYARA_SERVER ? "3.0.0" : "3.0.3", result.getOpenAPI().getOpenapi());
    assertTrue(result.getOpenAPI().getPaths().containsKey("/v2/outbound/{hash}"));
    assertEquals(
        null,
        result.getOpenAPI().getExtensions(),
        "top-level extensions (Payara's x-endpoints) in the served document");
  }

  @Test
  void the_served_document_passes_openapi_generators_validation() {
    String output =
        OpenApiGenerator.run(
            OpenApiGenerator.workDir(), "validate", "-i", OpenApiGenerator.documentUrl());
    assertTrue(output.contains("No validation issues detected."), output);
  }

  private static String served() throws Exception {
    HttpResponse<String> response =
        Deployment.http()
            .send(
                HttpRequest.newBuilder(Deployment.baseUri(Deployment.MAIN).resolve("openapi"))
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String head(String text) {
    return text.substring(0, Math.min(300, text.length()));
  }
}
