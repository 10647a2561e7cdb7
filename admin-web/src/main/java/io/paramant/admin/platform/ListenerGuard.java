package io.paramant.admin.platform;

import io.paramant.web.platform.SecurityHeadersFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The console answers only on its own listener when it shares a server with the relay.
 *
 * <p>In paramant.ear the console ({@code /admin}) and the relay ({@code /}) run in one Payara
 * Server, and the relay's listener is what nginx exposes under the relay host names. Payara binds
 * virtual servers per application ({@code asadmin deploy --virtualservers}, the application-ref),
 * never per web module of an EAR, so the console cannot be given a listener of its own by
 * configuration alone. So it checks every request here, first of all: the connection's local port
 * (which no header can change) must be {@code paramant.console.port} ({@code
 * PARAMANT_CONSOLE_PORT}, set by server-config/payara-server to the console's loopback listener).
 * Any other request gets the relay's own 404 answer, so {@code /admin/...} on the relay's port
 * looks like any route that does not exist.
 *
 * <p>Deny by default: below a context path (the console shares its server) without that setting,
 * the console serves nothing. At the root of its own server (Payara Micro, port 4200) without the
 * setting, every request passes to the sign-in checks.
 */
@WebFilter(filterName = "listenerGuard", urlPatterns = "/*")
public class ListenerGuard extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(ListenerGuard.class.getName());

  /** The relay's answer to a route it does not have (relay-web's JAX-RS 404), byte for byte. */
  static final String NOT_FOUND =
      "{\"detail\":\"No such route.\",\"error\":\"not_found\",\"ok\":false}";

  private static final int ANY_PORT = 0;
  private static final int NO_PORT = -1;

  private int port;

  @Override
  public void init() throws ServletException {
    Optional<Integer> configured =
        ConfigProvider.getConfig().getOptionalValue("paramant.console.port", Integer.class);
    port = decide(configured, getServletContext().getContextPath());
    if (port == NO_PORT) {
      LOG.log(
          Level.ERROR,
          "The admin console at {0} shares its server but paramant.console.port"
              + " (PARAMANT_CONSOLE_PORT) is not set: it answers 404 to every request",
          getServletContext().getContextPath());
    } else if (port != ANY_PORT) {
      LOG.log(Level.INFO, "The admin console answers only on local port {0}", port);
    }
  }

  /**
   * The local port requests must arrive on: the configured one, {@link #ANY_PORT} at the root of
   * the console's own server, {@link #NO_PORT} (refuse all) below a context path without one.
   */
  static int decide(Optional<Integer> configured, String contextPath) {
    if (configured.isPresent()) {
      int p = configured.get();
      if (p < 1 || p > 65535) {
        throw new IllegalStateException(
            "paramant.console.port (PARAMANT_CONSOLE_PORT) is not a port number: " + p);
      }
      return p;
    }
    return contextPath == null || contextPath.isEmpty() ? ANY_PORT : NO_PORT;
  }

  static boolean admits(int port, int localPort) {
    return port == ANY_PORT || (port != NO_PORT && localPort == port);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (admits(port, request.getLocalPort())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = NOT_FOUND.getBytes(StandardCharsets.US_ASCII);
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    // it answers before the headers filter runs
    SecurityHeadersFilter.ALWAYS.forEach(response::setHeader);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
