package io.paramant.relay.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The relay's HTTP API lives at the server root: {@code /health} and {@code /v2/...}. */
@ApplicationPath("/")
public class RelayApplication extends Application {

  /** The OpenAPI document is the route description; Jersey's WADL would publish a second one. */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
