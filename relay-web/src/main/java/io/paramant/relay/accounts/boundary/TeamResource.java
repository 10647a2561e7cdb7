package io.paramant.relay.accounts.boundary;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.NewDevice;
import io.paramant.relay.accounts.Team;
import io.paramant.relay.accounts.Teams;
import io.paramant.relay.delivery.boundary.JsonFields;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v2/team/...}: the devices (accounts) of the caller's team, and adding one through the
 * admin console.
 */
@Path("v2/team")
@RequestScoped
@ApiKeyRequired
public class TeamResource {

  /** The caller's team. */
  public record Devices(boolean ok, String team, java.util.List<Device> devices) {}

  /** A member of the team: no key, no key digest. */
  @JsonbNillable
  public record Device(String label, String plan, boolean active, String created) {}

  /** A device just added, with its key: the only time the key is shown. */
  public record Added(
      boolean ok, String label, String team, String plan, String key, String namespace) {}

  /** A label, an e-mail address and room for fields of later versions. */
  static final int MAX_BODY = 4 * 1024;

  @Inject Teams teams;
  @Inject Caller caller;

  @GET
  @Path("devices")
  @Produces(MediaType.APPLICATION_JSON)
  public Devices devices() {
    Team team = teams.devices(caller.account());
    return new Devices(
        true, team.name(), team.members().stream().map(TeamResource::device).toList());
  }

  @POST
  @Path("add-device")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response addDevice(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    Map<String, String> fields = JsonFields.read(body, length, MAX_BODY, Set.of("label", "email"));
    NewDevice added = teams.addDevice(caller.account(), fields.get("label"), fields.get("email"));
    return Response.status(Response.Status.CREATED)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new Added(
                true,
                added.label(),
                added.team(),
                added.plan(),
                added.key(),
                DeviceNamespace.of(added.label(), added.team())))
        .build();
  }

  private static Device device(Account account) {
    return new Device(
        account.label(), account.plan().wireName(), account.active(), account.created());
  }
}
