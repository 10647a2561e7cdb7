package io.paramant.admin.platform;

import io.paramant.admin.console.AdminSession;
import io.paramant.web.platform.ApiError;
import io.paramant.web.platform.ErrorServlet;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The console's front door ({@link ConsolePaths} has the rule): a request whose raw path is not
 * canonical gets 400 JSON; a page that needs the admin sends anyone else to the sign-in page; the
 * API and the public paths pass (the API's bearer filter decides there). The beans check again
 * ({@code AdminOnly}).
 */
@WebFilter(filterName = "consoleAccess", urlPatterns = "/*")
public class ConsoleAccess extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient AdminSession session;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // the raw URI is only ever refused here, never used to allow anything
    Optional<String> refusal = ConsolePaths.refusal(request.getRequestURI());
    if (refusal.isPresent()) {
      ErrorServlet.write(
          response,
          400,
          new ApiError("bad_path", "Refused: " + refusal.get() + "."),
          ConsoleErrorServlet.JSON);
      return;
    }
    ConsolePaths.Access access = ConsolePaths.of(request.getServletPath(), request.getPathInfo());
    if (access != ConsolePaths.Access.ADMIN
        || (request.getSession(false) != null && session.signedIn())) {
      chain.doFilter(request, response);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/signin.xhtml");
  }
}
