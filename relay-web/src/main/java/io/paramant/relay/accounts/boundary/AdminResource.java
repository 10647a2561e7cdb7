package io.paramant.relay.accounts.boundary;

import io.paramant.relay.accounts.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Admin routes of a sector relay ({@code Authorization: Bearer <ADMIN_TOKEN>}). */
@Path("v2/admin")
@RequestScoped
public class AdminResource {

  /** Result of a reload. */
  public record Reloaded(boolean ok, int users) {}

  private static final String BEARER = "Bearer ";

  @Inject Accounts accounts;

  /** Re-reads users.json now (it is also picked up within a second of changing). */
  @POST
  @Path("reload")
  @Produces(MediaType.APPLICATION_JSON)
  public Reloaded reload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    accounts.verifyAdmin(bearerToken(authorization));
    return new Reloaded(true, accounts.reload());
  }

  static String bearerToken(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return authorization.substring(BEARER.length()).strip();
  }
}
