package io.paramant.relay.blob.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundJsonTest {

  private static final String HASH = "ab".repeat(32);
  private static final byte[] PAYLOAD = "ciphertext".getBytes(StandardCharsets.US_ASCII);
  private static final String B64 = Base64.getEncoder().encodeToString(PAYLOAD);

  @Test
  void fields_in_any_order_payload_streamed_to_the_sink_unknown_fields_ignored()
      throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    InboundJson.Fields fields =
        InboundJson.read(
            json(
                "{\"extra\":[1,{\"a\":\"b\"}],\"payload\":\""
                    + B64
                    + "\",\"ttl_ms\":5000,"
                    + "\"meta\":{\"device_id\":\"scanner-1\",\"other\":true},\"hash\":\""
                    + HASH.toUpperCase()
                    + "\"}"),
            sink);

    assertEquals(new InboundJson.Fields(HASH, 5000L, "scanner-1"), fields);
    assertArrayEquals(PAYLOAD, sink.toByteArray());
  }

  @Test
  void optional_fields_may_be_absent_or_null() throws IOException {
    InboundJson.Fields fields =
        InboundJson.read(
            json(
                "{\"hash\":\""
                    + HASH
                    + "\",\"payload\":\""
                    + B64
                    + "\",\"ttl_ms\":null,\"meta\":null}"),
            new ByteArrayOutputStream());

    assertEquals(new InboundJson.Fields(HASH, null, null), fields);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{bad                                              | malformed_json",
        "[]                                                | malformed_json",
        "''                                                | malformed_json",
        "{\"hash\":\"HASH\",\"payload\":\"B64\"} trailing  | malformed_json",
        "{\"hash\":\"HASH\",\"hash\":\"HASH\",\"payload\":\"B64\"} | malformed_json",
        "{\"payload\":\"B64\"}                             | missing_field",
        "{\"hash\":\"HASH\"}                               | missing_field",
        "{\"hash\":42,\"payload\":\"B64\"}                 | invalid_field",
        "{\"hash\":\"HASH\",\"payload\":[1]}               | invalid_field",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"meta\":7} | invalid_field",
        "{\"hash\":\"xyz\",\"payload\":\"B64\"}            | invalid_hash",
        "{\"hash\":\"HASH\",\"payload\":\"!!!!\"}          | invalid_base64",
        "{\"hash\":\"HASH\",\"payload\":\"QUJD=\"}         | invalid_base64",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"ttl_ms\":\"60\"} | invalid_ttl",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"ttl_ms\":1.5}  | invalid_ttl",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"ttl_ms\":1e400} | invalid_ttl",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"ttl_ms\":99999999999999999999999} | invalid_ttl",
        "{\"hash\":\"HASH\",\"payload\":\"B64\",\"meta\":{\"device_id\":\"../etc\"}} | invalid_device_id",
      })
  void bad_input_is_refused_with_a_specific_code(String body, String code) {
    String request = body.replace("HASH", HASH).replace("B64", B64);

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> InboundJson.read(json(request), new ByteArrayOutputStream()));

    assertEquals(code, e.code());
  }

  /** Found by InboundJsonFuzzTest: these were IOExceptions, answered as incomplete_body. */
  @Test
  void bodies_past_the_parser_limits_or_not_text_are_malformed_json() {
    String fields = "\"hash\":\"" + HASH + "\",\"payload\":\"" + B64 + "\"";
    for (String body :
        new String[] {
          "{" + fields + ",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
          "{" + fields + ",\"x\":" + "1".repeat(1001) + "}",
          "{" + fields + ",\"" + "n".repeat(50_001) + "\":1}",
        }) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> InboundJson.read(json(body), new ByteArrayOutputStream()));
      assertEquals("malformed_json", e.code());
    }
    // UTF-32 by Jackson's detection (three zero bytes, then '{'), with a code point above U+10FFFF
    byte[] utf32 = {0, 0, 0, '{', 0x7f, 0, 0, '"'};
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> InboundJson.read(new ByteArrayInputStream(utf32), new ByteArrayOutputStream()));
    assertEquals("malformed_json", e.code());
  }

  @Test
  void body_past_the_limit_is_refused_while_streaming() {
    byte[] big = new byte[100_000];
    InputStream body =
        new BoundedInputStream(
            json(
                "{\"hash\":\""
                    + HASH
                    + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(big)
                    + "\"}"),
            50_000);

    assertThrows(
        BlobTooLargeException.class, () -> InboundJson.read(body, new ByteArrayOutputStream()));
  }

  private static InputStream json(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
