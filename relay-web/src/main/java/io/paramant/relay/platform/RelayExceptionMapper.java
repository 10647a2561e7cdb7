package io.paramant.relay.platform;

import io.paramant.relay.RateLimitedException;
import io.paramant.relay.RelayException;
import io.paramant.relay.accounts.AdminUnavailableException;
import io.paramant.relay.blob.StoreFullException;
import io.paramant.relay.blob.UploadTooSlowException;
import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Maps every domain failure to its HTTP status; the one place that knows both worlds. */
@Provider
@ApplicationScoped
public class RelayExceptionMapper implements ExceptionMapper<RelayException> {

  @Override
  public Response toResponse(RelayException e) {
    Response response = ApiError.response(status(e.kind()), e.code(), e.detail());
    if (e instanceof StoreFullException full) {
      return Response.fromResponse(response)
          .header(HttpHeaders.RETRY_AFTER, full.retryAfterSeconds())
          .build();
    }
    if (e instanceof RateLimitedException limited) {
      return Response.fromResponse(response)
          .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds())
          .build();
    }
    if (e instanceof UploadTooSlowException) {
      // the rest of the body is not read: the connection cannot carry another request
      return Response.fromResponse(response).header("Connection", "close").build();
    }
    if (e instanceof AdminUnavailableException unavailable) {
      return Response.fromResponse(response)
          .header(HttpHeaders.RETRY_AFTER, unavailable.retryAfterSeconds())
          .build();
    }
    return response;
  }

  static int status(RelayException.Kind kind) {
    switch (kind) {
      case INVALID:
        return 400;
      case UNAUTHENTICATED:
        return 401;
      case FORBIDDEN:
        return 403;
      case NOT_FOUND:
        return 404;
      case CONFLICT:
        return 409;
      case TOO_LARGE:
        return 413;
      case TOO_SLOW:
        return 408;
      case RATE_LIMITED:
        return 429;
      case EDITION_LIMIT:
        return 402;
      case UNAVAILABLE:
        return 503;
      default:
        throw new IllegalArgumentException("unmapped kind " + kind);
    }
  }
}
