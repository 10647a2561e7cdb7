package io.paramant.relay.accounts.boundary;

import io.paramant.relay.accounts.Accounts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Authenticates {@code X-Api-Key} on {@link ApiKeyRequired} routes; failures become 401 JSON. */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ApiKeyFilter implements ContainerRequestFilter {

  public static final String API_KEY_HEADER = "X-Api-Key";

  @Inject Accounts accounts;
  @Inject Caller caller;

  @Override
  public void filter(ContainerRequestContext request) {
    caller.authenticated(accounts.authenticate(request.getHeaderString(API_KEY_HEADER)));
  }
}
