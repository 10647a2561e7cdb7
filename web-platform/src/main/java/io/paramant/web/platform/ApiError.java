package io.paramant.web.platform;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The one error shape of the relay's API and the console's: {@code
 * {"ok":false,"error":"<code>","detail":"<sentence>"}} (API.md), with the code table for the
 * statuses the container and JAX-RS raise by themselves ({@link #forStatus}).
 *
 * <p>One shape, two spellings, and which one a web module answers with is part of its wire format:
 * {@link #toJson()} writes the members in the documented order ({@code ok, error, detail}) — the
 * error servlets, the console's filters and the console's JAX-RS answers ({@link #jsonText}); the
 * relay's JAX-RS answers carry the record itself ({@link #response}), which the relay's JSON-B has
 * always written with the names sorted ({@code detail, error, ok}). Both are the same JSON object.
 *
 * @param ok always {@code false}
 * @param error stable machine code
 * @param detail human sentence, never containing secrets
 */
public record ApiError(boolean ok, String error, String detail) {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  public ApiError(String error, String detail) {
    this(false, error, detail);
  }

  /** The code table: a status that the container or JAX-RS raised by itself, in the API's words. */
  private static final Map<Integer, ApiError> BY_STATUS =
      Map.of(
          401, new ApiError("unauthorized", "Credentials are missing or wrong."),
          403, new ApiError("forbidden", "Access is not allowed."),
          404, new ApiError("not_found", "No such route."),
          405, new ApiError("method_not_allowed", "This route does not support that method."),
          406,
              new ApiError("not_acceptable", "This route cannot produce the requested media type."),
          413, new ApiError("payload_too_large", "The request body is too large."),
          415,
              new ApiError(
                  "unsupported_media_type", "This route does not accept that Content-Type."));

  private static final ApiError CLIENT_ERROR =
      new ApiError("bad_request", "The request is malformed.");
  private static final ApiError SERVER_ERROR =
      new ApiError("internal_error", "The relay failed to process the request.");

  /**
   * The answer for a status that the container or JAX-RS raised without a code of ours (no such
   * route, wrong method, …): the code table of the API.
   */
  public static ApiError forStatus(int status) {
    return BY_STATUS.getOrDefault(status, status >= 500 ? SERVER_ERROR : CLIENT_ERROR);
  }

  /** The JSON text, members in the documented order: {@code {"ok":false,"error":…,"detail":…}}. */
  public String toJson() {
    return BUILDERS
        .createObjectBuilder()
        .add("ok", ok)
        .add("error", error)
        .add("detail", detail)
        .build()
        .toString();
  }

  /** A JSON error response whose entity is this record, for the application's JSON-B to write. */
  public static Response response(int status, String error, String detail) {
    return builder(status, error, detail).build();
  }

  /** {@link #response} still open for headers ({@code Retry-After}, …). */
  public static Response.ResponseBuilder builder(int status, String error, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(error, detail));
  }

  /**
   * A JSON error response whose entity is the text of {@link #toJson()} (the console's JAX-RS
   * answers), still open for headers.
   */
  public static Response.ResponseBuilder jsonText(int status, String error, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(error, detail).toJson());
  }
}
