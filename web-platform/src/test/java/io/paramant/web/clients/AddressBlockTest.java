package io.paramant.web.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressBlockTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.0.1, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, 9.255.255.255, false",
    "192.168.4.0/22, 192.168.7.255, true",
    "192.168.4.0/22, 192.168.8.0, false",
    "192.168.4.0/22, 192.168.3.255, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "127.0.0.1/32, 127.0.0.1, true",
    "0.0.0.0/1, 127.255.255.255, true",
    "0.0.0.0/1, 128.0.0.0, false",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, ::a01:203, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8:1:2::/63, 2001:db8:1:3::9, true",
    "2001:db8:1:2::/63, 2001:db8:1:4::, false",
    "::1, ::1, true",
    "::1, 127.0.0.1, false",
    "::/1, 7fff::, true",
    "::/1, 8000::, false",
  })
  void a_block_holds_exactly_the_addresses_under_its_prefix(
      String block, String address, boolean inside) {
    assertEquals(
        inside,
        AddressBlock.parse(block).contains(IpLiteral.parse(address).orElseThrow()),
        block + " ∋ " + address);
  }

  @Test
  void an_ipv4_block_never_holds_an_ipv6_address_of_the_same_bits() throws Exception {
    AddressBlock v4 = AddressBlock.parse("0.0.0.0/8");
    assertFalse(v4.contains(InetAddress.getByName("::1")));
    assertTrue(v4.contains(InetAddress.getByName("0.1.2.3")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost | 'localhost' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)",
        "10.0.0.0/ | '10.0.0.0/': the prefix length must be 1 to 32 for this address",
        "10.0.0.0/33 | '10.0.0.0/33': the prefix length must be 1 to 32 for this address",
        "10.0.0.0/0 | '10.0.0.0/0': the prefix length must be 1 to 32 for this address",
        "0.0.0.0/0 | '0.0.0.0/0': the prefix length must be 1 to 32 for this address",
        "::/0 | '::/0': the prefix length must be 1 to 128 for this address",
        "::/129 | '::/129': the prefix length must be 1 to 128 for this address",
        "10.0.0.0/+8 | '10.0.0.0/+8': the prefix length must be 1 to 32 for this address",
        "10.0.0.0/08x | '10.0.0.0/08x': the prefix length must be 1 to 32 for this address",
        "10.0.0.0/8/8 | '10.0.0.0/8/8': the prefix length must be 1 to 32 for this address",
        "10.1.0.0/8 | '10.1.0.0/8' has address bits set beyond the /8 prefix; write the block's"
            + " first address",
        "2001:db8::1/64 | '2001:db8::1/64' has address bits set beyond the /64 prefix; write the"
            + " block's first address",
      })
  void a_wrong_block_is_refused_with_a_message_that_names_it(String text, String message) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.parse(text));
    assertEquals(message, refused.getMessage());
  }

  @Test
  void a_block_prints_as_its_first_address_and_prefix() {
    assertEquals("10.0.0.0/8", AddressBlock.parse("10.0.0.0/8").toString());
    assertEquals("127.0.0.1/32", AddressBlock.parse("127.0.0.1").toString());
    assertEquals("2001:db8:0:0:0:0:0:0/32", AddressBlock.parse("2001:db8::/32").toString());
  }
}
