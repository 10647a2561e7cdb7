package io.paramant.relay.accounts.boundary;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * {@code GET /v2/check-key}: is this key valid, on which plan, and in which device namespace its
 * devices live ({@link DeviceNamespace}). The only route that takes {@code ?k=}.
 *
 * <p>The namespace answered here comes from the relay, so a client must not pin it from this answer
 * when it can be given the namespace out of band (the console and the admin API show it with each
 * key); it is here so that a user can compare the two.
 */
@Path("v2/check-key")
@RequestScoped
public class KeysResource {

  /** The answer; {@code plan} and {@code namespace} are {@code null} for an invalid key. */
  @JsonbNillable
  public record KeyCheck(boolean valid, String plan, String namespace) {}

  @Inject Accounts accounts;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public KeyCheck check(
      @HeaderParam(ApiKeyFilter.API_KEY_HEADER) String header, @QueryParam("k") String query) {
    Optional<Account> account = accounts.find(header != null ? header : query);
    return new KeyCheck(
        account.isPresent(),
        account.map(a -> a.plan().wireName()).orElse(null),
        account.map(a -> DeviceNamespace.of(a.label(), a.team())).orElse(null));
  }
}
