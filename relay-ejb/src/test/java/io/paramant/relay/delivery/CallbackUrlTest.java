package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.RelayException;
import org.junit.jupiter.api.Test;

class CallbackUrlTest {

  @Test
  void http_and_https_urls_with_a_host() {
    assertEquals("hooks.example", CallbackUrl.parse("https://hooks.example/paramant?x=1").host());
    assertEquals("::1", CallbackUrl.parse("http://[::1]:8080/hook").host());
    assertEquals("10.0.0.1", CallbackUrl.parse("HTTP://10.0.0.1/").host());
    assertEquals(65535, CallbackUrl.parse("http://hooks.example:65535/").uri().getPort());
    assertEquals(
        "https://hooks.example:8443",
        CallbackUrl.parse("https://hooks.example:8443/s3cr3t?k=v").forLog());
  }

  @Test
  void other_schemes_are_refused_as_targets() {
    for (String url :
        new String[] {
          "ftp://hooks.example/",
          "file:///etc/passwd",
          "gopher://127.0.0.1:6379/",
          "ws://x.example/"
        }) {
      assertEquals("webhook_target_refused", code(url), url);
    }
  }

  @Test
  void malformed_urls_are_invalid() {
    for (String url :
        new String[] {
          "not a url",
          "/relative/path",
          "hooks.example/hook",
          "http:///no-host",
          "http://user:pass@hooks.example/",
          "https://hooks.example/#fragment",
          "http://hooks.example:0/",
          "http://hooks.example:65536/",
          "http://hooks.example:2147483647/",
          "http://under_score.example/",
          "https://hooks.example/" + "a".repeat(CallbackUrl.MAX_LENGTH),
        }) {
      assertEquals("invalid_callback_url", code(url), url);
    }
    assertEquals(
        "missing_field",
        assertThrows(InvalidInputException.class, () -> CallbackUrl.parse(null)).code());
  }

  private static String code(String url) {
    return assertThrows(RelayException.class, () -> CallbackUrl.parse(url)).code();
  }
}
