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
      assertEquals(
          4,
          RemoteLog.parse("v2/ct/leaves?from=4&to=5", answer, json -> RemoteLog.leaf(json, 4))
              .index());
    } catch (LogVerificationException refused) {
      assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
    }
  }

  @FuzzTest
  void leaves(byte[] answer) {
    try {
      var leaves =
          RemoteLog.parse(
              "v2/ct/leaves?from=2&to=5&tree_size=4",
              answer,
              json -> RemoteLog.leaves(json, 2, 5, 4));
      assertEquals(2, leaves.size());
      assertEquals(3, leaves.get(1).index());
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
