package io.paramant.web.platform;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one error shape of the relay's API and the console's: {@code
 * {"ok":false,"error":"<code>","detail":"<sentence>"}} (API.md), with the code table for the
 * statuses the container and JAX-RS raise by themselves ({@link #forStatus}).
 *
 * <p>Two writers exist for one shape, and which one a web module uses is part of its wire format:
 * {@link #toJson()} writes the members in the documented order ({@code ok, error, detail}) — the
 * error servlets, the console's filters and the console's JAX-RS answers ({@link ApiErrorWriter});
 * the relay's JAX-RS answers leave the record to its JSON-B provider, which has always written the
 * names sorted ({@code detail, error, ok}). Both are the same JSON object.
 *
 * @param ok always {@code false}
 * @param error stable machine code
 * @param detail human sentence, never containing secrets
 */
public record ApiError(boolean ok, String error, String detail) {

  public ApiError(String error, String detail) {
    this(false, error, detail);
  }

  /**
   * The answer for a status that the container or JAX-RS raised without a code of ours (no such
   * route, wrong method, …): the code table of the API.
   */
  public static ApiError forStatus(int status) {
    return new ApiError(code(status), detail(status));
  }

  /** The API's code for a status without a more specific one. */
  public static String code(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }

  /** The sentence that goes with {@link #code(int)}. */
  public static String detail(int status) {
    return switch (status) {
      case 401 -> "Credentials are missing or wrong.";
      case 403 -> "Access is not allowed.";
      case 404 -> "No such route.";
      case 405 -> "This route does not support that method.";
      case 406 -> "This route cannot produce the requested media type.";
      case 413 -> "The request body is too large.";
      case 415 -> "This route does not accept that Content-Type.";
      default ->
          status >= 500 ? "The relay failed to process the request." : "The request is malformed.";
    };
  }

  /** The JSON text, members in the documented order: {@code {"ok":false,"error":…,"detail":…}}. */
  public String toJson() {
    return Json.createObjectBuilder()
        .add("ok", ok)
        .add("error", error)
        .add("detail", detail)
        .build()
        .toString();
  }

  /** A JSON error response; the web module's writer for this record renders it. */
  public static Response response(int status, String error, String detail) {
    return builder(status, error, detail).build();
  }

  /** {@link #response} still open for headers ({@code Retry-After}, …). */
  public static Response.ResponseBuilder builder(int status, String error, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(error, detail));
  }
}
