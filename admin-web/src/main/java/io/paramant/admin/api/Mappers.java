package io.paramant.admin.api;

import io.paramant.admin.AdminException;
import io.paramant.admin.console.NotSignedInException;
import io.paramant.web.platform.ApiError;
import io.paramant.web.platform.CorrelatedFailureMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/**
 * Errors of the admin API as JSON: refused actions, container errors, and the unexpected. Their
 * entities are JSON text ({@link ApiError#jsonText}), members in the documented order, as the
 * console has always answered.
 */
final class Mappers {

  private Mappers() {}

  /** A refused admin action. */
  @Provider
  @ApplicationScoped
  public static class Refused implements ExceptionMapper<AdminException> {
    @Override
    public Response toResponse(AdminException e) {
      return ApiError.jsonText(e.status(), e.code(), e.detail()).build();
    }
  }

  /** A resource reached without an admitted caller: a defect of the filters, answered as 401. */
  @Provider
  @ApplicationScoped
  public static class NotSignedIn implements ExceptionMapper<NotSignedInException> {
    private static final System.Logger LOG = System.getLogger(NotSignedIn.class.getName());

    @Override
    public Response toResponse(NotSignedInException e) {
      LOG.log(Level.ERROR, "Admin API: {0}", e.getMessage());
      return ApiError.jsonText(
              401, "unauthorized", "This route needs Authorization: Bearer <ADMIN_TOKEN>.")
          .build();
    }
  }

  /**
   * 404, 405, 415 … raised by JAX-RS itself, in the console's own words (the relay's are {@link
   * ApiError#forStatus}); a 5xx is a defect and goes to {@link Unexpected}.
   */
  @Provider
  @ApplicationScoped
  public static class Container implements ExceptionMapper<WebApplicationException> {

    @Inject Unexpected unexpected;

    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (e instanceof NotFoundException) {
        return ApiError.jsonText(404, "not_found", "No such admin API route.").build();
      }
      if (e instanceof NotAllowedException) {
        return ApiError.jsonText(405, "method_not_allowed", "This route does not take that method.")
            .build();
      }
      if (e instanceof NotSupportedException) {
        return ApiError.jsonText(
                415, "unsupported_media_type", "Send the body as application/json.")
            .build();
      }
      if (status >= 500) {
        return unexpected.toResponse(e);
      }
      return ApiError.jsonText(status, "bad_request", "The request was refused.").build();
    }
  }

  /** Anything else: a defect, logged with a correlation id that the answer names. */
  @Provider
  @ApplicationScoped
  public static class Unexpected extends CorrelatedFailureMapper {
    @Override
    public Response toResponse(Throwable e) {
      ApiError error = failure(e);
      return ApiError.jsonText(500, error.error(), error.detail()).build();
    }

    @Override
    protected String detail(String correlationId) {
      return "The console could not complete this (correlation id "
          + correlationId
          + "); see its log.";
    }
  }
}
