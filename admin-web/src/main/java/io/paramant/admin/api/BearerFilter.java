package io.paramant.admin.api;

import io.paramant.admin.console.AdminCaller;
import io.paramant.admin.signin.Gate;
import io.paramant.web.clients.ClientAddresses;
import io.paramant.web.platform.ApiError;
import io.paramant.web.platform.BearerToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every admin API call, matched or not, needs {@code Authorization: Bearer <ADMIN_TOKEN>} and, when
 * the console has a second factor ({@code ADMIN_TOTP_SECRET}), a current RFC 6238 code in {@value
 * #TOTP_HEADER} (each code is good for one call or sign-in). Wrong credentials count toward the
 * sign-in slow-down of their address (429 with {@code Retry-After} while it lasts). An admitted
 * call is marked on {@link AdminCaller}, which the resources check again.
 */
@Provider
@PreMatching
@ApplicationScoped
public class BearerFilter implements ContainerRequestFilter {

  /** The request header that carries the TOTP code. */
  public static final String TOTP_HEADER = "X-Admin-TOTP";

  @Inject Gate gate;
  @Inject AdminCaller caller;
  @Inject HttpServletRequest servletRequest;
  @Inject ClientAddresses clientAddresses;

  @Override
  public void filter(ContainerRequestContext request) {
    String token = BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    Gate.Outcome outcome =
        gate.bearer(
            clientAddresses.limitUnitOf(servletRequest),
            token,
            request.getHeaderString(TOTP_HEADER));
    if (outcome instanceof Gate.Outcome.Admitted) {
      caller.admit();
    } else if (outcome instanceof Gate.Outcome.Throttled throttled) {
      long seconds = Math.max(1, throttled.retryAfter().toSeconds());
      request.abortWith(
          ApiError.jsonText(
                  429,
                  "too_many_attempts",
                  "Too many admin attempts from this address (failed sign-ins, or too many at"
                      + " once); try again in "
                      + seconds
                      + " s.")
              .header(HttpHeaders.RETRY_AFTER, seconds)
              .build());
    } else {
      request.abortWith(unauthorized());
    }
  }

  private Response unauthorized() {
    if (!gate.secondFactor()) {
      return ApiError.jsonText(
              401, "unauthorized", "This route needs Authorization: Bearer <ADMIN_TOKEN>.")
          .build();
    }
    // says only what the sign-in page says to anyone: that a code is asked for
    return ApiError.jsonText(
            401,
            "unauthorized",
            "This route needs Authorization: Bearer <ADMIN_TOKEN> and "
                + TOTP_HEADER
                + ": <current TOTP code>; each code is good once.")
        .header(TOTP_HEADER, "required")
        .build();
  }
}
