package io.paramant.relay.delivery.boundary;

import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.delivery.Deliveries;
import io.paramant.relay.delivery.DeliveryFigures;
import io.paramant.relay.did.boundary.DidAccepted;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v2/monitor}: the caller's own account's figures, never relay-wide ones. */
@Path("v2/monitor")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class MonitorResource {

  /** The account's plan and figures since the relay started. */
  public record Monitor(
      boolean ok, String plan, long blobsInFlight, Stats stats, Delivery delivery) {}

  /** Blob and webhook counts of the account. */
  public record Stats(long inbound, long burned, long expired, long webhooksSent) {}

  /** Deliveries that ended, those confirmed, and the share confirmed. */
  public record Delivery(long total, long acked, double successRate) {}

  @Inject Deliveries deliveries;
  @Inject Caller caller;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Monitor monitor() {
    Account account = caller.account();
    DeliveryFigures f = deliveries.figures(account.owner());
    return new Monitor(
        true,
        account.plan().wireName(),
        f.blobsInFlight(),
        new Stats(f.inbound(), f.burned(), f.expired(), f.webhooksSent()),
        new Delivery(f.total(), f.acked(), f.successRate()));
  }
}
