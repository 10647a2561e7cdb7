package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.LogVerificationException;

/**
 * {@code GET /v2/pubkey/{device_id}} answers as a hostile relay can make them: {@link
 * ServedDevice#read} refuses with {@link LogVerificationException} {@code MALFORMED_RESPONSE} only,
 * and what it accepts names the device asked for. Seeds and findings:
 * src/test/resources/io/paramant/client/internal/ctlog/ServedDeviceFuzzTestInputs/.
 */
class ServedDeviceFuzzTest {

  @FuzzTest
  void read(byte[] answer) {
    ServedDevice device;
    try {
      device = ServedDevice.read("phone-1", answer);
    } catch (LogVerificationException refused) {
      assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
      return;
    }
    assertEquals("phone-1", device.deviceId());
    assertEquals(64, device.computedFingerprint().length());
  }
}
