package io.paramant.relay.delivery.boundary;

import io.paramant.relay.accounts.boundary.ApiKeyFilter;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.delivery.Registered;
import io.paramant.relay.delivery.Webhooks;
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

/**
 * {@code POST /v2/webhook}: registers a callback for a blob's or a device's retrievals. The
 * caller's key (already authenticated) is handed to the registration: it signs the callbacks.
 */
@Path("v2/webhook")
@RequestScoped
@ApiKeyRequired
public class WebhooksResource {

  /** The registration. {@code expires_in} (seconds) only for a device registration. */
  public record Webhook(boolean ok, String id, String type, Long expiresIn) {}

  /** A 2048-character URL and the other fields, with room to spare. */
  static final int MAX_BODY = 8 * 1024;

  @Inject Webhooks webhooks;
  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Webhook register(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @HeaderParam(ApiKeyFilter.API_KEY_HEADER) String apiKey) {
    Map<String, String> fields =
        JsonFields.read(body, length, MAX_BODY, Set.of("hash", "device_id", "callback_url"));
    Registered registered =
        webhooks.register(
            caller.account().owner(),
            apiKey,
            fields.get("hash"),
            fields.get("device_id"),
            fields.get("callback_url"));
    return new Webhook(true, registered.id(), registered.type(), registered.expiresInSeconds());
  }
}
