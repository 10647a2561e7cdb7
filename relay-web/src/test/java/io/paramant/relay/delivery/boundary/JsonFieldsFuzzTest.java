package io.paramant.relay.delivery.boundary;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.RelayException;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Set;

/**
 * The small JSON bodies of the webhook, ack and team routes ({@code POST /v2/webhook}, {@code
 * /v2/ack}, {@code /v2/team/add-device}), from any client, under the team route's 4 KiB limit. Only
 * {@link RelayException}s may come out ({@code malformed_json}, {@code invalid_field}, 413 {@code
 * body_too_large}); what is accepted holds known fields only, each a string. Seeds and findings:
 * src/test/resources/io/paramant/relay/delivery/boundary/JsonFieldsFuzzTestInputs/.
 */
class JsonFieldsFuzzTest {

  private static final Set<String> KNOWN = Set.of("hash", "device_id", "callback_url", "label");

  @FuzzTest
  void read(byte[] body) {
    Map<String, String> fields;
    try {
      fields = JsonFields.read(new ByteArrayInputStream(body), null, 4096, KNOWN);
    } catch (RelayException refused) {
      return;
    }
    fields.forEach(
        (name, value) -> {
          assertTrue(KNOWN.contains(name), name);
          assertNotNull(value);
        });
  }
}
