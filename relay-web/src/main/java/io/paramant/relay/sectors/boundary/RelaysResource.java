package io.paramant.relay.sectors.boundary;

import io.paramant.relay.platform.HealthResource;
import io.paramant.relay.sectors.RelayNode;
import io.paramant.relay.sectors.Sectors;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v2/relays}: the sector relays of this deployment and whether they answer. */
@Path("v2/relays")
@RequestScoped
public class RelaysResource {

  /** The list, in the order of {@code paramant.sectors}. */
  public record Relays(boolean ok, List<Relay> relays) {}

  /** One sector relay; unknown values are {@code null}, not left out. */
  @JsonbNillable
  public record Relay(
      String sector,
      String url,
      boolean self,
      String status,
      String version,
      String edition,
      Long latencyMs) {}

  @Inject Sectors sectors;
  @Inject HealthResource health;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Relays relays() {
    HealthResource.Health self = health.health();
    return new Relays(
        true,
        sectors.relays(self.version(), self.edition()).stream()
            .map(RelaysResource::relay)
            .toList());
  }

  private static Relay relay(RelayNode node) {
    return new Relay(
        node.sector(),
        node.url(),
        node.self(),
        node.up() ? "up" : "down",
        node.version(),
        node.edition(),
        node.latencyMs());
  }
}
