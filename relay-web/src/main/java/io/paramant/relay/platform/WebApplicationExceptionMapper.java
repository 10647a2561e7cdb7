package io.paramant.relay.platform;

import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own failures (no such route, wrong method, wrong media type, unparsable parameter) in
 * the API's JSON shape instead of the container's HTML page, with the codes of {@link
 * ApiError#forStatus}.
 */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    if (e.getResponse().getEntity() instanceof ApiError) {
      return e.getResponse(); // already in the API's shape, with a specific code
    }
    int status = e.getResponse().getStatus();
    ApiError table = ApiError.forStatus(status);
    Response.ResponseBuilder error = ApiError.builder(status, table.error(), table.detail());
    Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
    if (allow != null) {
      error.header(HttpHeaders.ALLOW, allow);
    }
    return error.build();
  }
}
