package io.paramant.relay.blob.boundary;

import io.paramant.relay.blob.PickupLimiter;
import io.paramant.web.clients.ClientAddresses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Admits a call of a {@link PickupLimited} route only within the client address's pickup limit;
 * over it, 429 JSON with {@code Retry-After}. Every call counts, found or not, so the limit also
 * bounds how fast anyone can probe for drop ids. The client address is the one {@link
 * ClientAddresses} names (behind a trusted proxy, the address it forwards).
 */
@Provider
@PickupLimited
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class PickupLimitFilter implements ContainerRequestFilter {

  @Inject PickupLimiter limiter;
  @Inject ClientAddresses clientAddresses;
  @Inject HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext context) {
    limiter.acquire(clientAddresses.limitUnitOf(request));
  }
}
