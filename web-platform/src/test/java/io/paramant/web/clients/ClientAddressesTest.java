package io.paramant.web.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  @Test
  void an_ipv6_client_is_its_64_prefix_and_a_mapped_ipv4_address_is_the_ipv4_address() {
    assertEquals(
        ClientAddresses.unitOf("2001:db8:1:2::1"), ClientAddresses.unitOf("2001:db8:1:2:ffff::9"));
    assertEquals("20010db800010002::/64", ClientAddresses.unitOf("2001:db8:1:2::1"));
    assertNotEquals(
        ClientAddresses.unitOf("2001:db8:1:2::1"), ClientAddresses.unitOf("2001:db8:1:3::1"));
    assertEquals("192.0.2.7", ClientAddresses.unitOf("::ffff:192.0.2.7"));
    assertEquals("192.0.2.7", ClientAddresses.unitOf("192.0.2.7"));
    assertEquals("unknown", ClientAddresses.unitOf(null));
    assertEquals("unknown", ClientAddresses.unitOf(""));
  }
}
