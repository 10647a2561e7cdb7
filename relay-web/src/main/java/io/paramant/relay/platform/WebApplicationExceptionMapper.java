package io.paramant.relay.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own failures (no such route, wrong method, wrong media type, unparsable parameter) in
 * the API's JSON shape instead of the container's HTML page.
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
    Response.ResponseBuilder error =
        Response.fromResponse(ApiError.response(status, code(status), detail(status)));
    Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
    if (allow != null) {
      error.header(HttpHeaders.ALLOW, allow);
    }
    return error.build();
  }

  static String code(int status) {
    switch (status) {
      case 401:
        return "unauthorized";
      case 403:
        return "forbidden";
      case 404:
        return "not_found";
      case 405:
        return "method_not_allowed";
      case 406:
        return "not_acceptable";
      case 413:
        return "payload_too_large";
      case 415:
        return "unsupported_media_type";
      default:
        return status >= 500 ? "internal_error" : "bad_request";
    }
  }

  static String detail(int status) {
    switch (status) {
      case 401:
        return "Credentials are missing or wrong.";
      case 403:
        return "Access is not allowed.";
      case 404:
        return "No such route.";
      case 405:
        return "This route does not support that method.";
      case 406:
        return "This route cannot produce the requested media type.";
      case 413:
        return "The request body is too large.";
      case 415:
        return "This route does not accept that Content-Type.";
      default:
        return status >= 500
            ? "The relay failed to process the request."
            : "The request is malformed.";
    }
  }
}
