package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v2/ct/sth} answers (and the client's own state files, which hold the same fields) as
 * a hostile relay can make them. {@link StrictJson} and {@link TreeHeadJson#read} refuse with
 * {@link StrictJson.ShapeException} only; a head they accept writes and reads back equal. Seeds and
 * findings: src/test/resources/io/paramant/client/internal/ctlog/TreeHeadJsonFuzzTestInputs/.
 */
class TreeHeadJsonFuzzTest {

  @FuzzTest
  void read(byte[] answer) {
    ServedHead served;
    try {
      served = TreeHeadJson.read(StrictJson.parse(answer));
    } catch (StrictJson.ShapeException refused) {
      return;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.createGenerator(text)) {
      json.writeStartObject();
      TreeHeadJson.write(json, served.head(), served.publicKey());
      json.writeEnd();
    }
    byte[] written = text.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(served, TreeHeadJson.read(StrictJson.parse(written)));
  }
}
