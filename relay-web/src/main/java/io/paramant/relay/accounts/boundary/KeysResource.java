package io.paramant.relay.accounts.boundary;

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
 * {@code GET /v2/check-key}: is this key valid, and on which plan. The only route that takes {@code
 * ?k=}.
 */
@Path("v2/check-key")
@RequestScoped
public class KeysResource {

  /** The answer; {@code plan} is {@code null} for an invalid key. */
  @JsonbNillable
  public record KeyCheck(boolean valid, String plan) {}

  @Inject Accounts accounts;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public KeyCheck check(
      @HeaderParam(ApiKeyFilter.API_KEY_HEADER) String header, @QueryParam("k") String query) {
    Optional<Account> account = accounts.find(header != null ? header : query);
    return new KeyCheck(account.isPresent(), account.map(a -> a.plan().wireName()).orElse(null));
  }
}
