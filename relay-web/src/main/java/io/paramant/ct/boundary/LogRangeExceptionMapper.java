package io.paramant.ct.boundary;

import io.paramant.ct.LogRangeException;
import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A log index, size or range the client got wrong. */
@Provider
@ApplicationScoped
public class LogRangeExceptionMapper implements ExceptionMapper<LogRangeException> {

  @Override
  public Response toResponse(LogRangeException e) {
    return ApiError.response(400, "invalid_range", e.getMessage());
  }
}
