package io.paramant.relay.accounts.boundary;

import io.paramant.relay.InvalidInputException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * Keys in URLs end up in proxy logs and browser history: API.md allows {@code ?k=} on {@code
 * /v2/check-key} only. Anywhere else a key-like query parameter is refused before any work.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class KeyInUrlFilter implements ContainerRequestFilter {

  private static final Set<String> KEY_PARAMETERS =
      Set.of("k", "key", "api_key", "apikey", "x-api-key", "token");
  private static final String CHECK_KEY_PATH = "v2/check-key";

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath(true);
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (path.equals(CHECK_KEY_PATH)) {
      return;
    }
    MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(false);
    for (String name : query.keySet()) {
      if (KEY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidInputException(
            "key_in_url",
            "Keys are not accepted in URLs here; send the key in the X-Api-Key header.");
      }
    }
  }
}
