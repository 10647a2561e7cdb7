package io.paramant.admin.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers on every answer of the console: nothing cached, no sniffing, no framing (clickjacking),
 * no referrer, and a content security policy that allows only this origin's own files — the pages
 * use no script at all.
 */
@WebFilter(filterName = "responseHeaders", urlPatterns = "/*")
public class ResponseHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'");
    chain.doFilter(request, response);
  }
}
