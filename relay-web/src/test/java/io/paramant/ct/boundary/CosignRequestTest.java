package io.paramant.ct.boundary;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import org.junit.jupiter.api.Test;

class CosignRequestTest {

  private static final String ROOT = "ab".repeat(32);
  private static final String KEY_ID = "cd".repeat(32);

  private static String sth(String origin, String size) {
    return "{\"origin\":\""
        + origin
        + "\",\"tree_size\":"
        + size
        + ",\"root_hash\":\""
        + ROOT
        + "\",\"timestamp\":1,\"signature\":\"0102\",\"key_id\":\""
        + KEY_ID
        + "\",\"public_key\":\"ignored\",\"cosignatures\":[]}";
  }

  private static CosignRequest parse(String body) {
    return CosignRequest.parse(body.getBytes(UTF_8));
  }

  private static String codeOf(String body) {
    return assertThrows(InvalidInputException.class, () -> parse(body)).code();
  }

  @Test
  void a_served_head_with_proof_and_from_size_is_read() {
    CosignRequest request =
        parse(
            "{\"sth\":"
                + sth("http://127.0.0.1:3000", "7")
                + ",\"consistency_proof\":[\""
                + ROOT
                + "\"],\"from_size\":3}");
    assertEquals("http://127.0.0.1:3000", request.origin());
    assertEquals(7, request.head().treeSize());
    assertEquals(KEY_ID, request.head().keyId());
    assertEquals(3, request.fromSize());
    assertEquals(1, request.proof().size());
    assertArrayEquals(java.util.HexFormat.of().parseHex(ROOT), request.proof().get(0));
  }

  @Test
  void malformed_requests_are_refused_with_their_codes() {
    assertEquals("malformed_json", codeOf("{"));
    assertEquals("invalid_cosign_request", codeOf("[]"));
    assertEquals("invalid_cosign_request", codeOf("{\"from_size\":0}"));
    assertEquals(
        "invalid_cosign_request",
        codeOf("{\"sth\":" + sth("http://a", "-1") + ",\"from_size\":0}"));
    assertEquals(
        "invalid_cosign_request",
        codeOf("{\"sth\":" + sth("http://a", "1.5") + ",\"from_size\":0}"));
    assertEquals("invalid_cosign_request", codeOf("{\"sth\":" + sth("http://a", "1") + "}"));
    assertEquals(
        "invalid_cosign_request",
        codeOf(
            "{\"sth\":"
                + sth("http://a", "1")
                + ",\"from_size\":0,\"consistency_proof\":[\"AB\"]}"));
    StringBuilder tooLong = new StringBuilder("[");
    for (int i = 0; i < 129; i++) {
      tooLong.append(i == 0 ? "" : ",").append('"').append(ROOT).append('"');
    }
    assertEquals(
        "invalid_cosign_request",
        codeOf(
            "{\"sth\":"
                + sth("http://a", "1")
                + ",\"from_size\":0,\"consistency_proof\":"
                + tooLong
                + "]}"));
  }
}
