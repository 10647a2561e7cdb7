package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin console plays no page and runs no action for a stranger, whatever the path looks like:
 * the traversal, encoding and path-parameter tricks that once reached the Users page ({@code curl
 * --path-as-is http://127.0.0.1:4200/api/../users.xhtml}) are sent byte for byte to the real
 * console. Each answer is a refusal (400/404) or the sign-in redirect, never a page; a POST that
 * would add a user through such a path adds none. PayaraServerIT runs the same list against the
 * console inside paramant.ear ({@link #assertNoPageForAStranger}).
 */
class ConsoleAccessIT {

  /** Paths (relative to the console's root, without the leading '/') that must not be a page. */
  static final List<String> HOSTILE =
      List.of(
          "api/../users.xhtml",
          "api/../index.xhtml",
          "api/../teams.xhtml",
          "api/%2e%2e/users.xhtml",
          "api/%2E%2E/users.xhtml",
          "api/.%2e/users.xhtml",
          "api/%2e./users.xhtml",
          "api/..;/users.xhtml",
          "api;/../users.xhtml",
          "api/users/../../users.xhtml",
          "api%2f..%2fusers.xhtml",
          "api%2F..%2Fusers.xhtml",
          "api%5c..%5cusers.xhtml",
          "api\\..\\users.xhtml",
          "api/%252e%252e/users.xhtml",
          "api//../users.xhtml",
          "/users.xhtml",
          "./users.xhtml",
          "%2e/users.xhtml",
          "users.xhtml;jsessionid=0000",
          "users.xhtml;",
          "users.xhtml/",
          "users.xhtml%00",
          "%75sers.xhtml",
          "users.xhtml",
          "index.xhtml",
          "teams.xhtml",
          "",
          "jakarta.faces.resource/../users.xhtml",
          "jakarta.faces.resource/%2e%2e/users.xhtml",
          "jakarta.faces.resource/..;/users.xhtml",
          "signin.xhtml/../users.xhtml",
          "signin.xhtml;/../users.xhtml",
          "health/../users.xhtml",
          "health/..;/users.xhtml",
          "api/users/..%2f..%2fusers.xhtml",
          "error",
          "expired");

  /**
   * Sends every {@link #HOSTILE} path as GET and POST (a form post, as the Users page's add form)
   * to the console whose root (with its context path, ending in '/') is {@code root}, and checks
   * each answer.
   */
  static void assertNoPageForAStranger(URI root) {
    for (String path : HOSTILE) {
      String target = root.getRawPath() + path;
      for (String method : List.of("GET", "POST")) {
        String form =
            method.equals("POST")
                ? "add=add&add%3Alabel=traversal-"
                    + ProcessHandle.current().pid()
                    + "&add%3Aplan=enterprise"
                : null;
        RawHttp.Response answer = RawHttp.send(root, method, target, form, null);
        assertRefusedOrSentToSignIn(method + " " + target, answer);
      }
    }
  }

  static void assertRefusedOrSentToSignIn(String request, RawHttp.Response answer) {
    assertFalse(answer.body().contains("ViewState"), request + " → a page: " + answer);
    assertFalse(answer.body().contains("pgp_"), request + " → a key: " + answer);
    switch (answer.status()) {
      case 400, 404 -> {
        // a refusal; nothing else to see
      }
      case 302, 303 -> {
        String location = answer.header("Location");
        assertTrue(
            location != null && location.endsWith("/signin.xhtml"),
            request + " → redirect elsewhere: " + answer);
      }
      default -> fail(request + " → " + answer);
    }
  }

  @Test
  void noHostilePathReachesAPageOrAnActionWithoutSignIn() {
    URI root = Deployment.adminUri();
    assertNoPageForAStranger(root);

    // nothing was added by the POSTs
    String users = AdminApi.console().send("GET", "/api/users", null).body();
    assertFalse(users.contains("traversal-"), users);
  }

  @Test
  void aNonCanonicalPathIsRefusedWithJsonBeforeAnythingLooksAtIt() {
    RawHttp.Response answer = RawHttp.get(Deployment.adminUri(), "/api/../users.xhtml");
    assertEquals(400, answer.status(), answer::toString);
    assertEquals("application/json", answer.header("Content-Type").split(";")[0]);
    assertEquals(
        "{\"ok\":false,\"error\":\"bad_path\",\"detail\":\"Refused: the path has a '.' or '..'"
            + " segment.\"}",
        answer.body());
    // the console's headers are set before the refusal (web.xml: the headers filter first)
    assertEquals("no-store", answer.header("Cache-Control"));
    assertEquals("nosniff", answer.header("X-Content-Type-Options"));
    assertEquals("DENY", answer.header("X-Frame-Options"));
    assertEquals("no-referrer", answer.header("Referrer-Policy"));
    assertEquals(
        "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'",
        answer.header("Content-Security-Policy"));
  }

  @Test
  void theApiBehindATraversalStillNeedsItsToken() {
    RawHttp.Response viaTraversal =
        RawHttp.get(Deployment.adminUri(), "/signin.xhtml/../api/users");
    assertEquals(400, viaTraversal.status(), viaTraversal::toString);
    RawHttp.Response direct = RawHttp.get(Deployment.adminUri(), "/api/users");
    assertEquals(401, direct.status(), direct::toString);
    assertTrue(direct.body().contains("\"error\":\"unauthorized\""), direct::toString);
  }

  @Test
  void theSignInPageItsStyleSheetAndHealthArePublic() {
    RawHttp.Response signIn = RawHttp.get(Deployment.adminUri(), "/signin.xhtml");
    assertEquals(200, signIn.status(), signIn::toString);
    assertTrue(signIn.body().contains("ViewState"), "the sign-in form");
    RawHttp.Response health = RawHttp.get(Deployment.adminUri(), "/health");
    assertEquals(200, health.status(), health::toString);
  }
}
