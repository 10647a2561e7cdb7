package io.paramant.web.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of a web module (web.xml {@code <error-page>}): errors that the servlet container
 * raises outside JAX-RS answer in the API's JSON shape, never as an HTML page or a stack trace.
 *
 * <p>The relay registers this class as it is (its web.xml); a module with more to say (the console
 * sends a refused page to sign-in and renders its pages' errors as HTML) extends it and keeps only
 * that difference. No {@code @WebServlet} here: the module maps it, so the jar's place (WEB-INF/lib
 * or an EAR's lib/) does not decide whether it exists.
 */
public class ErrorServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The relay's error answers: JSON in UTF-8. */
  public static final String JSON_UTF_8 = "application/json;charset=UTF-8";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    int status = status(request);
    write(response, status, error(request, status), contentType());
  }

  /** The status the container is reporting; 404 when the page is asked for directly. */
  public static int status(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
  }

  /** The error to answer for {@code status}: by default the API's code table. */
  protected ApiError error(HttpServletRequest request, int status) {
    return ApiError.forStatus(status);
  }

  /** The Content-Type of the JSON answer. */
  protected String contentType() {
    return JSON_UTF_8;
  }

  /** Answers {@code status} with {@code error} as JSON ({@link ApiError#toJson()}). */
  public static void write(
      HttpServletResponse response, int status, ApiError error, String contentType)
      throws IOException {
    response.setStatus(status);
    response.setContentType(contentType);
    response.getWriter().write(error.toJson());
  }
}
