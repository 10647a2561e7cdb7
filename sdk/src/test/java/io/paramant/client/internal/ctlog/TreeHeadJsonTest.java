package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader of {@code GET /v2/ct/sth} answers (and of the state files) takes only that shape. */
class TreeHeadJsonTest {

  @TempDir Path keys;

  private RelayIdentity identity;
  private SignedTreeHead head;
  private String served;

  @BeforeEach
  void serveAHead() {
    identity = RelayIdentity.loadOrCreate(keys.resolve("identity.key"));
    head = identity.sign(56, 1_764_151_200_000L, RelayLogs.sha256(new byte[] {56}));
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.createGenerator(text)) {
      json.writeStartObject();
      TreeHeadJson.write(json, head, identity.publicKey());
      json.writeEnd();
    }
    served = text.toString();
  }

  /** Found by ServedDeviceFuzzTest: Parsson's NumberFormatException escaped StrictJson. */
  @Test
  void a_number_whose_exponent_overflows_is_a_shape_error() {
    for (String json : new String[] {"{\"tree_size\":1e9999999999}", "{\"x\":[-1E-9999999999]}"}) {
      assertThrows(StrictJson.ShapeException.class, () -> parse(json), json);
    }
  }

  @Test
  void a_served_head_reads_back_as_signed() {
    ServedHead read = TreeHeadJson.read(parse(served));

    assertEquals(new ServedHead(head, identity.publicKey()), read);
  }

  static Stream<UnaryOperator<String>> malformations() {
    return Stream.of(
        json -> json.replace("\"tree_size\":56", "\"tree_size\":56.5"),
        json -> json.replace("\"tree_size\":56", "\"tree_size\":1e30"),
        json -> json.replace("\"tree_size\":56", "\"tree_size\":null"),
        json -> json.replace("\"timestamp\":", "\"time\":"),
        json -> json.replace("ML-DSA-65", "ml-dsa-65"),
        json -> json.replaceFirst("\"root_hash\":\"..", "\"root_hash\":\""),
        json -> json.replaceFirst("\"signature\":\"..", "\"signature\":\"zz"),
        json -> json.replaceFirst("\"public_key\":\"..", "\"public_key\":\""),
        json -> json.replace("{", "{\"key_id\":\"" + "0".repeat(64) + "\","));
  }

  @ParameterizedTest
  @MethodSource("malformations")
  void a_head_of_another_shape_is_refused(UnaryOperator<String> malformation) {
    String malformed = malformation.apply(served);

    assertThrows(StrictJson.ShapeException.class, () -> TreeHeadJson.read(parse(malformed)));
  }

  @Test
  void fields_a_newer_relay_adds_are_ignored() {
    String newer = served.replace("{", "{\"hash_algorithm\":\"SHA3-256\",");

    assertEquals(head, TreeHeadJson.read(parse(newer)).head());
  }

  private static JsonObject parse(String json) {
    return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
