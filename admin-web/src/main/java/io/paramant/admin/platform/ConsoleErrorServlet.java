package io.paramant.admin.platform;

import io.paramant.admin.console.NotSignedInException;
import io.paramant.web.platform.ApiError;
import io.paramant.web.platform.ErrorServlet;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The console's container error pages. What it adds to the platform's {@link ErrorServlet}: an
 * expired console page, or one that a bean refused to a caller who is not signed in, sends the
 * admin to sign in; the console's pages get a short HTML page without details. The admin API and
 * {@code /health} get JSON as everywhere.
 */
@WebServlet({"/error", "/expired"})
public class ConsoleErrorServlet extends ErrorServlet {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(ConsoleErrorServlet.class.getName());

  /**
   * The console's JSON answers name no charset (the container adds its own), as they always have.
   */
  static final String JSON = "application/json";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getServletPath().equals("/expired")) {
      response.sendRedirect(request.getContextPath() + "/signin.xhtml?expired=true");
      return;
    }
    if (causedBy(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
      LOG.log(Level.ERROR, "Console page refused: {0}", request.getServletPath());
      response.sendRedirect(request.getContextPath() + "/signin.xhtml");
      return;
    }
    int status = status(request);
    String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    // only the answer's format: ConsoleAccess let through canonical paths only
    if (uri.startsWith(request.getContextPath() + "/api") || uri.endsWith("/health")) {
      write(response, status, error(request, status), contentType());
      return;
    }
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response
        .getWriter()
        .write(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Paramant admin</title></head><body>"
                + "<p>"
                + (status == 404 ? "There is no such page." : "That did not work.")
                + " <a href=\""
                + request.getContextPath()
                + "/index.xhtml\">Back to the console</a></p></body></html>");
  }

  /**
   * The console's codes for container errors: the code table's for 404, {@code http_<status>} for
   * the rest (what the console has always answered; the table's codes would change them).
   */
  @Override
  protected ApiError error(HttpServletRequest request, int status) {
    return status == 404
        ? ApiError.forStatus(404)
        : new ApiError("http_" + status, "The request was refused.");
  }

  @Override
  protected String contentType() {
    return JSON;
  }

  /** Whether a page failed because a bean refused a caller who is not signed in. */
  private static boolean causedBy(Object thrown) {
    for (Throwable t = thrown instanceof Throwable e ? e : null; t != null; t = t.getCause()) {
      if (t instanceof NotSignedInException) {
        return true;
      }
    }
    return false;
  }
}
