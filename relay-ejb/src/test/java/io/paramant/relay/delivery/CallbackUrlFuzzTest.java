package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.RelayException;
import java.nio.charset.StandardCharsets;

/**
 * Webhook targets and device ids as a client registers them. {@link CallbackUrl#parse} refuses with
 * {@link RelayException}s only ({@code missing_field}, {@code invalid_callback_url}, {@code
 * webhook_target_refused}); a URL it accepts is one the relay can deliver to: http or https, a
 * host, a TCP port (1 to 65535, or the scheme's), no user information and no fragment, and its log
 * form carries no path or query. {@link DeviceIds#parse} refuses with {@code invalid_device_id}
 * only. Seeds and findings:
 * src/test/resources/io/paramant/relay/delivery/CallbackUrlFuzzTestInputs/.
 */
class CallbackUrlFuzzTest {

  @FuzzTest
  void callbackUrl(byte[] input) {
    CallbackUrl url;
    try {
      url = CallbackUrl.parse(new String(input, StandardCharsets.UTF_8));
    } catch (RelayException refused) {
      return;
    }
    String scheme = url.uri().getScheme().toLowerCase(java.util.Locale.ROOT);
    assertTrue(scheme.equals("http") || scheme.equals("https"), scheme);
    assertFalse(url.host().isEmpty());
    int port = url.uri().getPort();
    assertTrue(port == -1 || port >= 1 && port <= 65535, "port " + port);
    assertNull(url.uri().getRawUserInfo());
    assertNull(url.uri().getRawFragment());
    assertEquals(url.uri().getScheme() + "://" + url.uri().getRawAuthority(), url.forLog());
  }

  @FuzzTest
  void deviceId(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertEquals(text, DeviceIdParameter.optional(text));
    } catch (io.paramant.relay.InvalidInputException refused) {
      assertEquals("invalid_device_id", refused.code());
    }
  }
}
