package io.paramant.web.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client-address rule, played against a client that lies: each test names the peer the relay
 * sees and the X-Forwarded-For values it receives, and the exact address the rule yields.
 */
class TrustedProxiesTest {

  private static final String PROXY = "127.0.0.1";
  private final TrustedProxies nginx = TrustedProxies.parse("127.0.0.1");
  private final TrustedProxies chain = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 2001:db8::/32");

  @Test
  void without_trusted_proxies_the_header_is_never_read() {
    assertEquals("198.51.100.7", TrustedProxies.NONE.clientAddress("198.51.100.7", List.of()));
    assertEquals(
        "198.51.100.7", TrustedProxies.NONE.clientAddress("198.51.100.7", List.of("203.0.113.1")));
    assertEquals("127.0.0.1", TrustedProxies.NONE.clientAddress(PROXY, List.of("203.0.113.1")));
  }

  @Test
  void an_untrusted_peer_that_sends_the_header_is_its_own_address() {
    assertEquals("127.0.0.2", nginx.clientAddress("127.0.0.2", List.of("203.0.113.1")));
    assertEquals(
        "198.51.100.7", nginx.clientAddress("198.51.100.7", List.of("127.0.0.1", "203.0.113.1")));
  }

  @Test
  void a_trusted_proxy_forwards_the_client_address() {
    assertEquals("203.0.113.1", nginx.clientAddress(PROXY, List.of("203.0.113.1")));
    assertEquals("203.0.113.1", nginx.clientAddress(PROXY, List.of(" 203.0.113.1\t")));
  }

  @Test
  void a_trusted_proxy_without_the_header_is_its_own_address() {
    assertEquals("127.0.0.1", nginx.clientAddress(PROXY, List.of()));
    assertEquals("127.0.0.1", nginx.clientAddress(PROXY, List.of("")));
  }

  @Test
  void what_a_client_put_in_front_of_the_proxys_entry_is_never_reached() {
    // a proxy that appends ($proxy_add_x_forwarded_for): the client's own header comes first
    assertEquals(
        "203.0.113.1", nginx.clientAddress(PROXY, List.of("10.9.9.9, 1.2.3.4, 203.0.113.1")));
    assertEquals(
        "203.0.113.1", nginx.clientAddress(PROXY, List.of("10.9.9.9", "1.2.3.4", "203.0.113.1")));
    // even a client that claims to be a trusted proxy only gets as far as its own address
    assertEquals("203.0.113.1", nginx.clientAddress(PROXY, List.of("127.0.0.1, 203.0.113.1")));
  }

  @Test
  void several_trusted_hops_are_skipped_from_the_right() {
    assertEquals(
        "203.0.113.1",
        chain.clientAddress(PROXY, List.of("198.51.100.1, 203.0.113.1, 10.0.0.5, 10.1.0.9")));
    assertEquals(
        "203.0.113.1", chain.clientAddress(PROXY, List.of("203.0.113.1, 2001:db8::7", "10.1.0.9")));
  }

  @Test
  void when_every_hop_is_trusted_the_leftmost_is_the_client() {
    assertEquals("10.0.0.5", chain.clientAddress(PROXY, List.of("10.0.0.5, 10.1.0.9")));
  }

  @Test
  void ipv6_peers_and_clients_are_read_and_printed_canonically() {
    TrustedProxies v6 = TrustedProxies.parse("::1, 2001:db8:0:0:0:0:0:0/64");
    assertEquals(
        "2001:db8:1:0:0:0:0:1", v6.clientAddress("0:0:0:0:0:0:0:1", List.of("2001:db8:1::1")));
    assertEquals(
        "2001:db8:1:0:0:0:0:1",
        v6.clientAddress("2001:db8::9", List.of("2001:DB8:1::1, 2001:db8::8")));
    assertEquals("192.0.2.7", v6.clientAddress("::1", List.of("::ffff:192.0.2.7")));
    assertEquals("2001:db9:0:0:0:0:0:1", v6.clientAddress("2001:db9::1", List.of("192.0.2.7")));
    assertEquals("127.0.0.1", nginx.clientAddress("::ffff:127.0.0.1", List.of()));
    assertEquals("192.0.2.7", nginx.clientAddress("::ffff:127.0.0.1", List.of("192.0.2.7")));
  }

  @Test
  void a_header_with_anything_but_bare_addresses_gives_the_peer_address() {
    for (String garbage :
        List.of(
            "unknown",
            "client.example",
            "203.0.113.1:443",
            "[2001:db8::1]",
            "[2001:db8::1]:443",
            "203.0.113.1,",
            ",203.0.113.1, ",
            "203.0.113.1 198.51.100.1",
            "for=203.0.113.1",
            "fe80::1%eth0",
            "203.0.113.1, 10.0.0.5, _hidden")) {
      assertEquals("127.0.0.1", chain.clientAddress(PROXY, List.of(garbage)), garbage);
    }
    // garbage left of the first untrusted address is never reached
    assertEquals("203.0.113.1", nginx.clientAddress(PROXY, List.of("unknown, 203.0.113.1")));
  }

  @Test
  void a_peer_that_is_not_an_address_is_passed_on_unchanged() {
    assertEquals("unix:/run/socket", nginx.clientAddress("unix:/run/socket", List.of("1.2.3.4")));
  }

  @Test
  void the_configured_list_is_read_strictly() {
    assertSame(TrustedProxies.NONE, TrustedProxies.parse(""));
    assertSame(TrustedProxies.NONE, TrustedProxies.parse("  , "));
    assertSame(TrustedProxies.NONE, TrustedProxies.parse(null));
    assertEquals(
        "[127.0.0.1/32, 10.0.0.0/8, 2001:db8:0:0:0:0:0:0/32]",
        TrustedProxies.parse(" 127.0.0.1,10.0.0.0/8\n2001:db8::/32 ").toString());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> TrustedProxies.parse("127.0.0.1, nginx.local"));
    assertEquals(
        "'nginx.local' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)",
        refused.getMessage());
  }
}
