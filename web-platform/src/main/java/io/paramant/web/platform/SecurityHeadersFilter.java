package io.paramant.web.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on every response of a web module, set before anything else answers: nothing is cached
 * ({@code Cache-Control: no-store}) and nothing is content-sniffed ({@code X-Content-Type-Options:
 * nosniff}) everywhere (API.md conventions); each init-param of the filter's declaration adds one
 * more header, named by the param (the console's pages add framing, referrer and content security
 * policies). A servlet filter rather than a JAX-RS one, so container error pages get them too when
 * the mapping includes the ERROR dispatch.
 *
 * <p>No {@code @WebFilter} and no CDI scope: the servlet container creates one instance per
 * declaration in the module's web.xml, which also fixes its order among the module's filters.
 */
public class SecurityHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** The headers every module sends. */
  public static final Map<String, String> ALWAYS =
      Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");

  private Map<String, String> headers = Map.of();

  @Override
  public void init() throws ServletException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Cache-Control", ALWAYS.get("Cache-Control"));
    all.put("X-Content-Type-Options", ALWAYS.get("X-Content-Type-Options"));
    for (String name : Collections.list(getInitParameterNames())) {
      String value = getInitParameter(name).strip().replaceAll("\\s+", " ");
      if (ALWAYS.containsKey(name) || value.isEmpty()) {
        throw new ServletException(
            "Filter " + getFilterName() + ": header " + name + " may not be redefined or empty");
      }
      all.put(name, value);
    }
    headers = Collections.unmodifiableMap(all);
  }

  /** The headers this filter sets, in order. */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    headers.forEach(response::setHeader);
    chain.doFilter(request, response);
  }
}
