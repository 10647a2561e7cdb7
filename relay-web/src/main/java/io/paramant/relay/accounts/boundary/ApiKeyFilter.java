package io.paramant.relay.accounts.boundary;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.did.DidAuthentication;
import io.paramant.relay.did.DidRequest;
import io.paramant.relay.did.boundary.DidAccepted;
import io.paramant.relay.did.boundary.DidHeaders;
import io.paramant.relay.did.boundary.SignedBodies;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates the caller of {@link ApiKeyRequired} routes; failures become 401 JSON. The
 * credential is {@code X-Api-Key}, or — on the routes marked {@link DidAccepted}, where a device
 * acts — the DID headers of docs/did.md (never both). A DID-authenticated request's body is checked
 * against its signed hash as the route reads it ({@link SignedBodies}).
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ApiKeyFilter implements ContainerRequestFilter {

  public static final String API_KEY_HEADER = "X-Api-Key";

  @Inject Accounts accounts;
  @Inject DidAuthentication dids;
  @Inject Caller caller;
  @Context ResourceInfo resource;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    if (DidHeaders.present(request) && acceptsDid()) {
      if (request.getHeaderString(API_KEY_HEADER) != null) {
        throw new InvalidInputException(
            "ambiguous_credentials", "Send either X-Api-Key or the X-DID headers, not both.");
      }
      DidRequest signed = DidHeaders.read(request, servletRequest);
      caller.authenticated(dids.authenticate(signed));
      SignedBodies.bind(request, signed);
      return;
    }
    caller.authenticated(accounts.authenticate(request.getHeaderString(API_KEY_HEADER)));
  }

  private boolean acceptsDid() {
    return resource.getResourceMethod().isAnnotationPresent(DidAccepted.class)
        || resource.getResourceClass().isAnnotationPresent(DidAccepted.class);
  }
}
