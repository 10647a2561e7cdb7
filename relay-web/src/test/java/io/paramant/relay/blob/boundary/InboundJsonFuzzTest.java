package io.paramant.relay.blob.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The JSON bodies of {@code POST /v2/inbound} and {@code POST /v2/drop}, from any client. Only
 * {@link InvalidInputException} may come out (400 with a JSON error); an {@link IOException} means
 * "the body could not be read" and must never come from a body that is all there (here, in memory),
 * and anything else would be a 500. What is accepted has a canonical address and a valid device id.
 * Seeds and findings:
 * src/test/resources/io/paramant/relay/blob/boundary/InboundJsonFuzzTestInputs/.
 */
class InboundJsonFuzzTest {

  @FuzzTest
  void inbound(byte[] body) throws IOException {
    InboundJson.Fields fields;
    try {
      fields = InboundJson.read(new ByteArrayInputStream(body), new ByteArrayOutputStream());
    } catch (InvalidInputException refused) {
      return;
    }
    assertTrue(fields.hash().matches("[0-9a-f]{64}"), fields.hash());
    assertTrue(fields.device() == null || fields.device().matches("[A-Za-z0-9._:-]{1,128}"));
  }

  @FuzzTest
  void drop(byte[] body) throws IOException {
    InboundJson.DropFields fields;
    try {
      fields = InboundJson.readDrop(new ByteArrayInputStream(body), new ByteArrayOutputStream());
    } catch (InvalidInputException refused) {
      return;
    }
    assertTrue(fields.id().matches("[0-9a-f]{64}"), fields.id());
  }
}
