package io.paramant.relay.blob.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The drop form of the inbound JSON parser: {@code id} instead of {@code hash}, no meta. */
class DropJsonTest {

  private static final String ID = "cd".repeat(32);
  private static final byte[] PAYLOAD = "drop ciphertext".getBytes(StandardCharsets.US_ASCII);
  private static final String B64 = Base64.getEncoder().encodeToString(PAYLOAD);

  @Test
  void id_payload_and_ttl_in_any_order_meta_and_hash_are_ignored() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    InboundJson.DropFields fields =
        InboundJson.readDrop(
            json(
                "{\"ttl_ms\":60000,\"meta\":{\"device_id\":\"x\"},\"hash\":\"nonsense\",\"payload\":\""
                    + B64
                    + "\",\"id\":\""
                    + ID.toUpperCase()
                    + "\"}"),
            sink);

    assertEquals(new InboundJson.DropFields(ID, 60_000L), fields);
    assertArrayEquals(PAYLOAD, sink.toByteArray());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"payload\":\"B64\"}                        | missing_field",
        "{\"hash\":\"ID\",\"payload\":\"B64\"}        | missing_field",
        "{\"id\":\"ID\"}                              | missing_field",
        "{\"id\":\"ID\",\"id\":\"ID\",\"payload\":\"B64\"} | malformed_json",
        "{\"id\":7,\"payload\":\"B64\"}               | invalid_field",
        "{\"id\":\"abc\",\"payload\":\"B64\"}         | invalid_drop_id",
        "{\"id\":\"ID\",\"payload\":\"!!!!\"}         | invalid_base64",
        "{\"id\":\"ID\",\"payload\":\"B64\",\"ttl_ms\":-1.5} | invalid_ttl",
      })
  void bad_drop_bodies_are_refused_with_a_specific_code(String body, String code) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                InboundJson.readDrop(
                    json(body.replace("B64", B64).replace("ID", ID)), new ByteArrayOutputStream()));
    assertEquals(code, e.code());
  }

  private static ByteArrayInputStream json(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
