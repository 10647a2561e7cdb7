package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayAddressTest {

  @Test
  void an_address_is_normalized_so_that_the_log_routes_resolve_below_it() {
    RelayAddress relay = RelayAddress.of(URI.create("HTTP://LocalHost:3000/relay"));

    assertEquals(URI.create("http://localhost:3000/relay/"), relay.uri());
    assertEquals(URI.create("http://localhost:3000/relay/v2/ct/sth"), relay.resolve("v2/ct/sth"));
    assertEquals(relay, RelayAddress.of(relay.uri()));
  }

  @Test
  void a_relay_has_a_readable_file_name_of_its_own() {
    assertEquals(
        "https-relay.example-443-paramant_main.json",
        RelayAddress.of(URI.create("HTTPS://Relay.Example/paramant/main")).fileName());
    assertEquals(
        "http-127.0.0.1-3004.json",
        RelayAddress.of(URI.create("http://127.0.0.1:3004")).fileName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://127.0.0.1/",
        "127.0.0.1:3000",
        "/v2/ct",
        "mailto:relay@example.org",
        "http://user@127.0.0.1:3000/",
        "http://127.0.0.1:3000/?sector=main",
        "http://127.0.0.1:3000/#top",
        "http://under_score:3000/"
      })
  void anything_but_an_http_base_url_is_refused(String uri) {
    assertThrows(IllegalArgumentException.class, () -> RelayAddress.of(URI.create(uri)));
  }
}
