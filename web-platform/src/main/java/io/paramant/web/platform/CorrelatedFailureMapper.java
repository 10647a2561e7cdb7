package io.paramant.web.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * The last resort of a JAX-RS application: a defect. Logged once with a correlation id that the
 * client also receives in the detail, answered with a generic 500 {@code internal_error} that
 * reveals nothing about the internals. Each web module registers a scoped subclass that words the
 * sentence ({@link #detail}) and, where its answers are JSON text rather than the record, says so
 * ({@link #toResponse}).
 */
public abstract class CorrelatedFailureMapper implements ExceptionMapper<Throwable> {

  private final System.Logger log = System.getLogger(getClass().getName());

  @Override
  public Response toResponse(Throwable e) {
    ApiError error = failure(e);
    return ApiError.response(500, error.error(), error.detail());
  }

  /** Logs {@code e} under a new correlation id and returns the answer that names it. */
  public ApiError failure(Throwable e) {
    String correlationId = UUID.randomUUID().toString();
    log.log(Level.ERROR, "Unexpected failure, correlation id " + correlationId, e);
    return new ApiError("internal_error", detail(correlationId));
  }

  /** The client's sentence; it contains {@code correlationId} and nothing about the failure. */
  protected abstract String detail(String correlationId);
}
