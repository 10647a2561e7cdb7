package io.paramant.relay.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * The last resort: a relay bug. Logged once with a correlation id that the client also receives,
 * answered with a generic 500 that reveals nothing about the internals.
 */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final System.Logger LOG =
      System.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    String correlationId = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "Unexpected failure, correlation id " + correlationId, e);
    return ApiError.response(
        500,
        "internal_error",
        "The relay failed to process the request (correlation id " + correlationId + ").");
  }
}
