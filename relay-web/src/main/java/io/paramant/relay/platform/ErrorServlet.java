package io.paramant.relay.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders errors that the servlet container raises outside JAX-RS (see web.xml) in the API's JSON
 * shape, never as an HTML page or a stack trace.
 */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer ? (Integer) code : HttpServletResponse.SC_NOT_FOUND;
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String body =
        "{\"ok\":false,\"error\":\""
            + WebApplicationExceptionMapper.code(status)
            + "\",\"detail\":\""
            + WebApplicationExceptionMapper.detail(status)
            + "\"}";
    response.getWriter().write(body);
  }
}
