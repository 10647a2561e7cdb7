package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.LogVerificationException;

/**
 * The answers of the log's proof and leaf routes as a hostile relay can make them: {@link
 * RemoteLog#parse} with each route's reader refuses with {@link LogVerificationException} {@code
 * MALFORMED_RESPONSE} only (never an exception of the JSON, hex or entry code), and what it accepts
 * echoes the sizes asked for. Seeds and findings:
 * src/test/resources/io/paramant/client/internal/ctlog/RemoteLogFuzzTestInputs/.
 */
class RemoteLogFuzzTest {

  @FuzzTest
  void leaf(byte[] answer) {
    try {
      RemoteLog.parse("v2/ct/leaves?from=4&to=5", answer, RemoteLog::leaf);
    } catch (LogVerificationException refused) {
      assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
    }
  }

  @FuzzTest
  void inclusionProof(byte[] answer) {
    try {
      assertEquals(
          7,
          RemoteLog.parse(
                  "v2/ct/proof/inclusion", answer, json -> RemoteLog.inclusionProof(json, 7))
              .treeSize());
    } catch (LogVerificationException refused) {
      assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
    }
  }

  @FuzzTest
  void consistencyProof(byte[] answer) {
    try {
      assertEquals(
          3,
          RemoteLog.parse(
                  "v2/ct/proof/consistency", answer, json -> RemoteLog.consistencyProof(json, 3, 7))
              .firstSize());
    } catch (LogVerificationException refused) {
      assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
    }
  }
}
