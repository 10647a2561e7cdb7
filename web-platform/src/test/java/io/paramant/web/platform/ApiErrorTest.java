package io.paramant.web.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiErrorTest {

  @Test
  void the_json_has_the_documented_members_in_the_documented_order() {
    assertEquals(
        "{\"ok\":false,\"error\":\"bad_path\",\"detail\":\"Refused: the path has a '.' or '..'"
            + " segment.\"}",
        new ApiError("bad_path", "Refused: the path has a '.' or '..' segment.").toJson());
  }

  @Test
  void text_is_escaped_not_pasted() {
    assertEquals(
        "{\"ok\":false,\"error\":\"x\",\"detail\":\"a \\\"quoted\\\" \\\\ word\\n\"}",
        new ApiError("x", "a \"quoted\" \\ word\n").toJson());
  }

  /** The codes and sentences clients have always received for these statuses. */
  @Test
  void the_code_table() {
    assertStatus(401, "unauthorized", "Credentials are missing or wrong.");
    assertStatus(403, "forbidden", "Access is not allowed.");
    assertStatus(404, "not_found", "No such route.");
    assertStatus(405, "method_not_allowed", "This route does not support that method.");
    assertStatus(406, "not_acceptable", "This route cannot produce the requested media type.");
    assertStatus(413, "payload_too_large", "The request body is too large.");
    assertStatus(415, "unsupported_media_type", "This route does not accept that Content-Type.");
    assertStatus(400, "bad_request", "The request is malformed.");
    assertStatus(411, "bad_request", "The request is malformed.");
    assertStatus(500, "internal_error", "The relay failed to process the request.");
    assertStatus(503, "internal_error", "The relay failed to process the request.");
  }

  private static void assertStatus(int status, String code, String detail) {
    assertEquals(new ApiError(false, code, detail), ApiError.forStatus(status));
    assertEquals(
        "{\"ok\":false,\"error\":\"" + code + "\",\"detail\":\"" + detail + "\"}",
        ApiError.forStatus(status).toJson());
  }
}
