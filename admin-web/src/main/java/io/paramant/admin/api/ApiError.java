package io.paramant.admin.api;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error shape of the relay and the console: {@code {"ok":false,"error","detail"}}. */
final class ApiError {

  private ApiError() {}

  static Response response(int status, String code, String detail) {
    return builder(status, code, detail).build();
  }

  static Response.ResponseBuilder builder(int status, String code, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            Json.createObjectBuilder()
                .add("ok", false)
                .add("error", code)
                .add("detail", detail)
                .build()
                .toString());
  }
}
