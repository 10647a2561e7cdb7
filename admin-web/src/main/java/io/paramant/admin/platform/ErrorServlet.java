package io.paramant.admin.platform;

import io.paramant.admin.console.NotSignedInException;
import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The container's error pages: JSON for the admin API and {@code /health}, a short page without
 * details for the console; an expired console page sends the admin to sign in again.
 */
@WebServlet({"/error", "/expired"})
public class ErrorServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(ErrorServlet.class.getName());

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
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    response.setStatus(status);
    // only the answer's format: ConsoleAccess let through canonical paths only
    if (uri.startsWith(request.getContextPath() + "/api") || uri.endsWith("/health")) {
      response.setContentType("application/json");
      response
          .getWriter()
          .write(
              Json.createObjectBuilder()
                  .add("ok", false)
                  .add("error", status == 404 ? "not_found" : "http_" + status)
                  .add("detail", status == 404 ? "No such route." : "The request was refused.")
                  .build()
                  .toString());
      return;
    }
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
