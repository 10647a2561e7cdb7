package io.paramant.relay.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one error shape of the API: {@code {"ok":false,"error":"<code>","detail":"<sentence>"}}.
 *
 * @param ok always {@code false}
 * @param error stable machine code
 * @param detail human sentence, never containing secrets
 */
public record ApiError(boolean ok, String error, String detail) {

  public ApiError(String error, String detail) {
    this(false, error, detail);
  }

  /** A JSON error response. */
  public static Response response(int status, String error, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(error, detail))
        .build();
  }
}
