package io.paramant.relay.keys.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.keys.KeyRegistration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PubkeyJsonTest {

  @Test
  void canonical_names_in_any_order_unknown_fields_ignored() {
    assertEquals(
        new KeyRegistration("laptop", "K", "E", "D"),
        read(
            "{\"x\":{\"y\":[1]},\"dsa_pub\":\"D\",\"ecdh_pub\":\"E\",\"kyber_pub\":\"K\","
                + "\"device_id\":\"laptop\"}"));
  }

  @Test
  void kem_pub_and_sig_pub_are_aliases() {
    assertEquals(
        new KeyRegistration("laptop", "K", null, "D"),
        read("{\"device_id\":\"laptop\",\"kem_pub\":\"K\",\"sig_pub\":\"D\"}"));
    assertEquals(
        new KeyRegistration("laptop", "K", "E", "D"),
        read(
            "{\"device_id\":\"laptop\",\"kyber_pub\":\"K\",\"kem_pub\":\"K\",\"ecdh_pub\":\"E\","
                + "\"dsa_pub\":\"D\",\"sig_pub\":\"D\"}"));
  }

  @Test
  void null_counts_as_absent() {
    assertEquals(
        new KeyRegistration(null, "K", null, null),
        read("{\"device_id\":null,\"kyber_pub\":\"K\",\"ecdh_pub\":null,\"dsa_pub\":null}"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                                  | malformed_json",
        "[]                                                  | malformed_json",
        "{\"kyber_pub\":\"K\"                                | malformed_json",
        "{\"kyber_pub\":\"K\"} {}                            | malformed_json",
        "{\"kyber_pub\":\"K\",\"kyber_pub\":\"K\"}           | malformed_json",
        "{\"kyber_pub\":42}                                  | invalid_field",
        "{\"device_id\":[\"a\"],\"kyber_pub\":\"K\"}         | invalid_field",
        "{\"kyber_pub\":\"K\",\"ecdh_pub\":true}             | invalid_field",
        "{\"kyber_pub\":\"K\",\"kem_pub\":\"L\"}             | conflicting_fields",
        "{\"kyber_pub\":\"K\",\"dsa_pub\":\"D\",\"sig_pub\":\"S\"} | conflicting_fields",
      })
  void bad_bodies_are_refused_with_a_specific_code(String body, String code) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(body));
    assertEquals(code, e.code());
  }

  private static KeyRegistration read(String json) {
    return PubkeyJson.read(json.getBytes(StandardCharsets.UTF_8));
  }
}
