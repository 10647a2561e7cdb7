package io.paramant.web.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {

  @Test
  void without_parameters_nothing_is_cached_or_sniffed() throws Exception {
    assertEquals(
        Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff"),
        applied(Map.of()));
  }

  @Test
  void each_parameter_adds_its_header_with_blanks_folded() throws Exception {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("X-Frame-Options", "DENY");
    parameters.put("Content-Security-Policy", "\n   default-src 'self';\n   script-src 'none'\n  ");
    Map<String, String> headers = applied(parameters);
    assertEquals(
        Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'self'; script-src 'none'"),
        headers);
  }

  @Test
  void the_common_headers_cannot_be_weakened_and_none_may_be_empty() {
    assertThrows(ServletException.class, () -> applied(Map.of("Cache-Control", "max-age=600")));
    assertThrows(ServletException.class, () -> applied(Map.of("X-Frame-Options", " ")));
  }

  private static Map<String, String> applied(Map<String, String> parameters) throws Exception {
    SecurityHeadersFilter filter = new SecurityHeadersFilter();
    filter.init(config(parameters));
    ServletFakes.Recorded answer = new ServletFakes.Recorded();
    AtomicBoolean passed = new AtomicBoolean();
    filter.doFilter(
        ServletFakes.request(Map.of()), answer.response(), (req, res) -> passed.set(true));
    assertTrue(passed.get(), "the request goes on");
    assertEquals(filter.headers(), answer.headers);
    return answer.headers;
  }

  private static FilterConfig config(Map<String, String> parameters) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "headers";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String getInitParameter(String name) {
        return parameters.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(parameters.keySet());
      }
    };
  }
}
