package io.paramant.relay.accounts.boundary;

import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.accounts.UsersState;
import io.paramant.web.clients.ClientAddresses;
import io.paramant.web.platform.BearerToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;

/**
 * Admin routes of a sector relay ({@code Authorization: Bearer <ADMIN_TOKEN>}), for the admin
 * console and operators on the machine: the nginx site does not route them from the Internet. Wrong
 * tokens are slowed down per client address like the console's sign-in ({@link
 * Accounts#verifyAdmin}: 429 {@code too_many_attempts} with {@code Retry-After}).
 */
@Path("v2/admin")
@RequestScoped
public class AdminResource {

  /** Result of a reload; {@code users_sha256} is {@code null} when there is no users.json. */
  @JsonbNillable
  public record Reloaded(boolean ok, int users, String usersSha256) {}

  /** The users.json in force; {@code users_sha256} is {@code null} when there is none. */
  @JsonbNillable
  public record UsersStateAnswer(
      boolean ok, String usersSha256, int users, int active, String loadedAt) {}

  @Inject Accounts accounts;
  @Inject HttpServletRequest request;
  @Inject ClientAddresses clientAddresses;

  /** Re-reads users.json now (it is also picked up within a second of changing). */
  @POST
  @Path("reload")
  @Produces(MediaType.APPLICATION_JSON)
  public Reloaded reload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    accounts.verifyAdmin(clientAddresses.limitUnitOf(request), BearerToken.of(authorization));
    UsersState state = accounts.reload();
    return new Reloaded(true, state.users(), state.usersSha256());
  }

  /** Which users.json this relay has in force. */
  @GET
  @Path("users-state")
  @Produces(MediaType.APPLICATION_JSON)
  public UsersStateAnswer usersState(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    accounts.verifyAdmin(clientAddresses.limitUnitOf(request), BearerToken.of(authorization));
    UsersState state = accounts.state();
    return new UsersStateAnswer(
        true,
        state.usersSha256(),
        state.users(),
        state.active(),
        state.loadedAt().truncatedTo(ChronoUnit.MILLIS).toString());
  }
}
