package io.paramant.admin.api;

import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import io.paramant.admin.console.AdminOnly;
import io.paramant.admin.edition.EditionService;
import io.paramant.admin.users.UsersStore;
import io.paramant.licence.Edition;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code /api/users}: list, add (the key is in this one answer), revoke, activate, plan. Every user
 * comes with its device {@code namespace} ({@link io.paramant.accounts.DeviceNamespace}): the admin
 * hands it to the device's owner with the key, and the owner configures the client with it, so the
 * client does not learn its namespace from the relay it checks.
 */
@Path("users")
@RequestScoped
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  @Inject UsersStore users;
  @Inject EditionService edition;

  @GET
  public JsonObject list() {
    Edition current = edition.current();
    JsonArrayBuilder array = BUILDERS.createArrayBuilder();
    users.list().forEach(u -> array.add(json(u)));
    return BUILDERS
        .createObjectBuilder()
        .add("ok", true)
        .add("edition", current.name())
        .add("max_active_users", current.maxActiveUsers())
        .add("users", array)
        .build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(InputStream body) {
    JsonBody request = JsonBody.read(body);
    NewUser created =
        users.add(
            request.required("label"),
            request.required("plan"),
            request.required("email"),
            request.string("team"));
    JsonObjectBuilder answer =
        BUILDERS
            .createObjectBuilder()
            .add("ok", true)
            .add("label", created.user().label())
            .add("plan", created.user().plan())
            .add("key", created.key());
    if (created.user().team() != null) {
      answer.add("team", created.user().team());
    }
    answer.add("namespace", created.user().deviceNamespace());
    return Response.status(Response.Status.CREATED).entity(answer.build()).build();
  }

  @POST
  @Path("{label}/revoke")
  public JsonObject revoke(@PathParam("label") String label) {
    return ok(users.revoke(label));
  }

  @POST
  @Path("{label}/activate")
  public JsonObject activate(@PathParam("label") String label) {
    return ok(users.activate(label));
  }

  @POST
  @Path("{label}/plan")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject plan(@PathParam("label") String label, InputStream body) {
    return ok(users.changePlan(label, JsonBody.read(body).required("plan")));
  }

  private static JsonObject ok(User user) {
    return BUILDERS.createObjectBuilder().add("ok", true).add("user", json(user)).build();
  }

  static JsonObjectBuilder json(User u) {
    JsonObjectBuilder b =
        BUILDERS
            .createObjectBuilder()
            .add("label", u.label())
            .add("plan", u.plan() == null ? "" : u.plan())
            .add("active", u.active());
    optional(b, "email", u.email());
    optional(b, "created", u.created());
    optional(b, "team", u.team());
    b.add("namespace", u.deviceNamespace());
    return b;
  }

  private static void optional(JsonObjectBuilder b, String field, String value) {
    if (value == null) {
      b.addNull(field);
    } else {
      b.add(field, value);
    }
  }
}
