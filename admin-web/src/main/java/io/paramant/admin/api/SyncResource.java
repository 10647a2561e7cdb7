package io.paramant.admin.api;

import io.paramant.admin.console.AdminOnly;
import io.paramant.admin.sectors.SectorState;
import io.paramant.admin.sectors.SectorSync;
import io.paramant.admin.users.UsersStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code POST /api/sync} (push users.json to every sector now) and {@code GET /api/sectors}. */
@Path("")
@RequestScoped
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  @Inject SectorSync sync;
  @Inject UsersStore users;

  @POST
  @Path("sync")
  public JsonObject sync() {
    return answer(sync.syncAll());
  }

  @GET
  @Path("sectors")
  public JsonObject sectors() {
    return answer(sync.states());
  }

  private JsonObject answer(List<SectorState> states) {
    JsonArrayBuilder array = BUILDERS.createArrayBuilder();
    for (SectorState s : states) {
      JsonObjectBuilder b =
          BUILDERS
              .createObjectBuilder()
              .add("sector", s.sector().name())
              .add("url", s.sector().uri().toString())
              .add("status", s.status())
              .add("reachable", s.reachable());
      nullable(b, "users_sha256", s.usersSha256());
      nullable(b, "detail", s.detail());
      nullable(b, "checked_at", s.checkedAt() == null ? null : s.checkedAt().toString());
      array.add(b);
    }
    JsonObjectBuilder answer = BUILDERS.createObjectBuilder().add("ok", true);
    nullable(answer, "users_sha256", users.sha256());
    return answer.add("sectors", array).build();
  }

  private static void nullable(JsonObjectBuilder b, String field, String value) {
    if (value == null) {
      b.addNull(field);
    } else {
      b.add(field, value);
    }
  }
}
