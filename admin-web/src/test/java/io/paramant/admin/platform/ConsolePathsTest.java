package io.paramant.admin.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.admin.platform.ConsolePaths.Access;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsolePathsTest {

  /** What an attacker sends with {@code curl --path-as-is}; the container would dispatch a page. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/../users.xhtml",
        "/api/%2e%2e/users.xhtml",
        "/api/%2E%2E/users.xhtml",
        "/api/.%2e/users.xhtml",
        "/api/%2e./users.xhtml",
        "/api/..;/users.xhtml",
        "/api;/../users.xhtml",
        "/users.xhtml;jsessionid=0123",
        "/users.xhtml;",
        "/api%2f..%2fusers.xhtml",
        "/api%2F..%2Fusers.xhtml",
        "/api%5c..%5cusers.xhtml",
        "/api\\..\\users.xhtml",
        "/api/%252e%252e/users.xhtml",
        "//users.xhtml",
        "/api//users.xhtml",
        "/./users.xhtml",
        "/%2e/users.xhtml",
        "/jakarta.faces.resource/../users.xhtml",
        "/jakarta.faces.resource/%2e%2e/users.xhtml",
        "/signin.xhtml/../users.xhtml",
        "/health/..",
        "/admin/api/../users.xhtml",
        "/admin/..",
        "/users.xhtml%00",
        "/users.xhtml%0a",
        "/users.xhtml%",
        "/users.xhtml%2",
        "/users.xhtml%zz",
        "/us ers.xhtml",
        "/usérs.xhtml",
        "/users.xhtml%C3%A9",
        "users.xhtml",
        "",
      })
  void a_raw_path_that_is_not_canonical_is_refused(String raw) {
    assertTrue(ConsolePaths.refusal(raw).isPresent(), raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/users.xhtml",
        "/signin.xhtml",
        "/jakarta.faces.resource/style.css.xhtml",
        "/api/users",
        "/api/users/alice%40example.test/revoke",
        "/api/users/alice@example.test/plan",
        "/admin/",
        "/admin/index.xhtml",
        "/health",
        "/%75sers.xhtml",
      })
  void a_canonical_path_is_not_refused(String raw) {
    assertEquals(Optional.empty(), ConsolePaths.refusal(raw), raw);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "/signin.xhtml, null, PUBLIC",
        "/health, null, PUBLIC",
        "/jakarta.faces.resource, /style.css.xhtml, PUBLIC",
        "/jakarta.faces.resource/style.css.xhtml, null, PUBLIC",
        "/api, /users, API",
        "/api, null, API",
        "/index.xhtml, null, ADMIN",
        "/users.xhtml, null, ADMIN",
        "/teams.xhtml, null, ADMIN",
        "'', /, ADMIN",
        "'', null, ADMIN",
        "/error, null, ADMIN",
        "/expired, null, ADMIN",
        "/signin.xhtmlx, null, ADMIN",
        "/healthz, null, ADMIN",
        "/apix, null, ADMIN",
        "/jakarta.faces.resourcex, null, ADMIN",
        "/anything-new.xhtml, null, ADMIN",
      })
  void access_is_denied_by_default_on_the_container_path(
      String servletPath, String pathInfo, Access expected) {
    assertEquals(expected, ConsolePaths.of(servletPath, pathInfo));
  }
}
