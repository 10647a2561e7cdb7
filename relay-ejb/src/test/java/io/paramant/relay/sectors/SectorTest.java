package io.paramant.relay.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SectorTest {

  @Test
  void health_is_probed_below_the_configured_url_with_or_without_a_trailing_slash() {
    assertEquals(
        "https://relay.example/main/health",
        new Sector("main", "https://relay.example/main/").healthUri().toString());
    assertEquals(
        "http://[::1]:3004/health", new Sector("iot", "http://[::1]:3004").healthUri().toString());
  }
}
