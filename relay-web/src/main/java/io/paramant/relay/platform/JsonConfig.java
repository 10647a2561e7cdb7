package io.paramant.relay.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Wire JSON uses snake_case names ({@code ttl_ms}, {@code blobs_in_flight}) as the API contract
 * says. Error answers ({@link io.paramant.web.platform.ApiError}) are written by this JSON-B too,
 * members sorted by name ({@code {"detail","error","ok"}}) as the relay has always sent them (the
 * console answers with {@code ApiError.jsonText} instead; its listener guard copies these bytes).
 */
@Provider
@ApplicationScoped
public class JsonConfig implements ContextResolver<Jsonb> {

  private final Jsonb jsonb =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb;
  }
}
