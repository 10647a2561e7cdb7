package io.paramant.relay.delivery.boundary;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.delivery.AckReceipt;
import io.paramant.relay.delivery.Deliveries;
import io.paramant.relay.did.boundary.DidAccepted;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/** {@code POST /v2/ack}: a receiver confirms a delivery; the confirmation is logged. */
@Path("v2/ack")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class AcksResource {

  /** The confirmation's latency and its leaf in the sector's log. */
  public record Ack(boolean ok, long latencyMs, long ctIndex) {}

  /** Far more than {@code {"hash":"<64 hex>","device_id":"<128 chars>"}} needs. */
  static final int MAX_BODY = 4 * 1024;

  @Inject Deliveries deliveries;
  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Ack ack(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    Map<String, String> fields =
        JsonFields.read(body, length, MAX_BODY, Set.of("hash", "device_id"));
    if (!fields.containsKey("hash")) {
      throw new InvalidInputException("missing_field", "hash is required.");
    }
    AckReceipt receipt =
        deliveries.ack(fields.get("hash"), fields.get("device_id"), caller.account().owner());
    return new Ack(true, receipt.latencyMs(), receipt.ctIndex());
  }
}
