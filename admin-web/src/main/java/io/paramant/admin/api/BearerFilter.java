package io.paramant.admin.api;

import io.paramant.admin.signin.Gate;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every admin API call needs {@code Authorization: Bearer <ADMIN_TOKEN>}; wrong tokens count toward
 * the sign-in slow-down of their address (429 with {@code Retry-After} while it lasts).
 */
@Provider
@PreMatching
public class BearerFilter implements ContainerRequestFilter {

  private static final String BEARER = "Bearer ";

  @Inject Gate gate;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    String token =
        header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
            ? header.substring(BEARER.length()).strip()
            : null;
    Gate.Outcome outcome = gate.bearer(servletRequest.getRemoteAddr(), token);
    if (outcome instanceof Gate.Outcome.Throttled throttled) {
      long seconds = Math.max(1, throttled.retryAfter().toSeconds());
      request.abortWith(
          ApiError.builder(
                  429,
                  "too_many_attempts",
                  "Too many failed admin sign-ins from this address; try again in "
                      + seconds
                      + " s.")
              .header(HttpHeaders.RETRY_AFTER, seconds)
              .build());
    } else if (outcome instanceof Gate.Outcome.Refused) {
      request.abortWith(
          ApiError.response(
              401, "unauthorized", "This route needs Authorization: Bearer <ADMIN_TOKEN>."));
    }
  }
}
