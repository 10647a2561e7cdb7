package io.paramant.ct.boundary;

import io.paramant.ct.witness.WitnessRefusedException;
import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A witness's refusal: 404 {@code unknown_log}, 403 {@code invalid_sth}, 409 {@code stale} (with
 * the witness's last cosigned {@code size}), 409 {@code rollback} and {@code fork}, 422 {@code
 * inconsistent}, 503 {@code witness_state_lost} and {@code witness_state_unwritable}.
 */
@Provider
@ApplicationScoped
public class WitnessRefusedExceptionMapper implements ExceptionMapper<WitnessRefusedException> {

  /** The 409 {@code stale} answer: the error shape plus the size to prove consistency from. */
  public record Stale(boolean ok, String error, long size, String detail) {}

  @Override
  public Response toResponse(WitnessRefusedException e) {
    switch (e.reason()) {
      case STALE:
        return Response.status(409)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new Stale(false, e.reason().code(), e.size(), e.getMessage()))
            .build();
      case UNKNOWN_LOG:
        return ApiError.response(404, e.reason().code(), e.getMessage());
      case INVALID_TREE_HEAD:
        return ApiError.response(403, e.reason().code(), e.getMessage());
      case ROLLBACK:
      case FORK:
        return ApiError.response(409, e.reason().code(), e.getMessage());
      case INCONSISTENT:
        return ApiError.response(422, e.reason().code(), e.getMessage());
      default:
        return ApiError.response(503, e.reason().code(), e.getMessage());
    }
  }
}
