package io.paramant.relay.delivery.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.RelayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  private static final Set<String> KNOWN = Set.of("hash", "device_id");

  @Test
  void known_string_fields_are_read_and_unknown_ones_skipped_in_any_order() {
    assertEquals(
        Map.of("hash", "ab", "device_id", "d-1"),
        read("{\"x\":{\"y\":[1,2,{}]},\"device_id\":\"d-1\",\"hash\":\"ab\",\"z\":null}"));
    assertEquals(Map.of(), read("{\"hash\":null}"));
    assertEquals(Map.of("hash", "é"), read(" {\"hash\" : \"\\u00e9\"} \n"));
  }

  @Test
  void hostile_bodies_are_400_with_their_codes() {
    assertEquals("malformed_json", code("{\"hash\":\"a\",\"hash\":\"b\"}"));
    assertEquals("malformed_json", code("[\"hash\"]"));
    assertEquals("malformed_json", code(""));
    assertEquals("malformed_json", code("{\"hash\":\"a\"} {}"));
    assertEquals("malformed_json", code("{\"hash\":\"a\""));
    assertEquals("malformed_json", code("{hash:\"a\"}"));
    assertEquals("invalid_field", code("{\"hash\":5}"));
    assertEquals("invalid_field", code("{\"device_id\":{\"a\":1}}"));
  }

  @Test
  void a_body_beyond_the_limit_is_refused_before_it_is_parsed() {
    String big = "{\"pad\":\"" + "x".repeat(100) + "\"}";
    RelayException declared =
        assertThrows(
            RelayException.class, () -> JsonFields.read(stream("{}"), 5_000L, 4_096, KNOWN));
    assertEquals("payload_too_large", declared.code());
    assertEquals(
        "payload_too_large",
        assertThrows(RelayException.class, () -> JsonFields.read(stream(big), null, 64, KNOWN))
            .code());
    assertEquals(Map.of(), JsonFields.read(stream(big), null, big.length(), KNOWN));
  }

  @Test
  void a_body_that_cannot_be_read_is_incomplete() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("reset");
          }
        };
    assertEquals(
        "incomplete_body",
        assertThrows(RelayException.class, () -> JsonFields.read(broken, null, 64, KNOWN)).code());
  }

  private static Map<String, String> read(String json) {
    return JsonFields.read(stream(json), null, 4_096, KNOWN);
  }

  private static String code(String json) {
    return assertThrows(RelayException.class, () -> read(json)).code();
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
