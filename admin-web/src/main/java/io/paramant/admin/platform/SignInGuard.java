package io.paramant.admin.platform;

import io.paramant.admin.console.AdminSession;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's pages are for the signed-in admin only: any other request for a page is sent to the
 * sign-in page. The sign-in page, the console's style sheet, {@code /health} and the admin API
 * (which checks its bearer token itself) pass.
 */
@WebFilter(filterName = "signInGuard", urlPatterns = "/*")
public class SignInGuard extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient AdminSession session;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (open(path) || (request.getSession(false) != null && session.signedIn())) {
      chain.doFilter(request, response);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/signin.xhtml");
  }

  private static boolean open(String path) {
    return path.equals("/signin.xhtml")
        || path.equals("/health")
        || path.startsWith("/api/")
        || path.equals("/api")
        || path.startsWith("/jakarta.faces.resource/");
  }
}
