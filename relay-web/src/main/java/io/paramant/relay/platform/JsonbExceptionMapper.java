package io.paramant.relay.platform;

import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that JSON-B cannot bind is the client's mistake: 400, not the default 500 page.
 */
@Provider
@ApplicationScoped
public class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {

  @Override
  public Response toResponse(JsonbException e) {
    return ApiError.response(
        400, "malformed_json", "The request body is not valid JSON of the expected shape.");
  }
}
