package io.paramant.admin.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.paramant.admin.console.NotSignedInException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's container errors: the answers it has always given, now on the platform's base. */
class ConsoleErrorServletTest {

  private int status;
  private String contentType;
  private String redirect;
  private final StringWriter body = new StringWriter();

  @Test
  void the_api_and_health_get_json_with_the_consoles_codes() throws Exception {
    answer("/error", 404, "/admin/api/nothing", null);
    assertEquals(404, status);
    assertEquals("application/json", contentType);
    assertEquals(
        "{\"ok\":false,\"error\":\"not_found\",\"detail\":\"No such route.\"}", body.toString());

    body.getBuffer().setLength(0);
    answer("/error", 405, "/admin/health", null);
    assertEquals(405, status);
    assertEquals("application/json", contentType);
    assertEquals(
        "{\"ok\":false,\"error\":\"http_405\",\"detail\":\"The request was refused.\"}",
        body.toString());
  }

  @Test
  void a_page_gets_a_short_html_page() throws Exception {
    answer("/error", 404, "/admin/nothing.xhtml", null);
    assertEquals(404, status);
    assertEquals("text/html;charset=UTF-8", contentType);
    assertEquals(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Paramant admin</title></head><body><p>There"
            + " is no such page. <a href=\"/admin/index.xhtml\">Back to the console</a></p></body>"
            + "</html>",
        body.toString());
  }

  @Test
  void a_refused_or_expired_page_sends_the_admin_to_sign_in() throws Exception {
    var refusal = NotSignedInException.class.getDeclaredConstructor(String.class);
    refusal.setAccessible(true);
    answer("/error", 500, "/admin/users.xhtml", new RuntimeException(refusal.newInstance("Users")));
    assertEquals("/admin/signin.xhtml", redirect);
    assertEquals("", body.toString());
    redirect = null;
    answer("/expired", 500, "/admin/users.xhtml", null);
    assertEquals("/admin/signin.xhtml?expired=true", redirect);
    assertNull(contentType);
  }

  private void answer(String servletPath, int code, String uri, Throwable thrown) throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(RequestDispatcher.ERROR_STATUS_CODE, code);
    attributes.put(RequestDispatcher.ERROR_REQUEST_URI, uri);
    if (thrown != null) {
      attributes.put(RequestDispatcher.ERROR_EXCEPTION, thrown);
    }
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getAttribute" -> attributes.get((String) args[0]);
                      case "getServletPath" -> servletPath;
                      case "getContextPath" -> "/admin";
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    PrintWriter writer = new PrintWriter(body, true);
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "setStatus" -> status = (Integer) args[0];
                    case "setContentType" -> contentType = (String) args[0];
                    case "sendRedirect" -> redirect = (String) args[0];
                    case "getWriter" -> {
                      return writer;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                  }
                  return null;
                });
    new ConsoleErrorServlet().service(request, response);
  }
}
