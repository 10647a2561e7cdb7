package io.paramant.relay.push.boundary;

import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.did.boundary.DidAccepted;
import io.paramant.relay.push.Tickets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v2/ws-ticket}: a one-time, 30-second ticket for {@code /v2/stream}. */
@Path("v2/ws-ticket")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class TicketsResource {

  /** The ticket and its lifetime in seconds. */
  public record Ticket(String ticket, long expiresIn) {}

  @Inject Tickets tickets;
  @Inject Caller caller;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Ticket issue() {
    Tickets.Issued issued = tickets.issue(caller.account());
    return new Ticket(issued.ticket(), issued.expiresInSeconds());
  }
}
