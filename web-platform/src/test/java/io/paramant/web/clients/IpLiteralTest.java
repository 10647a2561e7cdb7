package io.paramant.web.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "127.0.0.2, 127.0.0.2",
    "::, 0:0:0:0:0:0:0:0",
    "::1, 0:0:0:0:0:0:0:1",
    "2001:db8::1, 2001:db8:0:0:0:0:0:1",
    "2001:DB8:0:0:8:800:200C:417A, 2001:db8:0:0:8:800:200c:417a",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
    "1::, 1:0:0:0:0:0:0:0",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
    "fe80::1:2, fe80:0:0:0:0:0:1:2",
    "::ffff:192.0.2.7, 192.0.2.7",
    "::FFFF:c000:0207, 192.0.2.7",
    "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
    "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
  })
  void address_literals_are_read_in_canonical_form(String text, String canonical) {
    assertEquals(canonical, IpLiteral.parse(text).orElseThrow().getHostAddress());
  }

  @Test
  void the_result_is_the_jdks_reading_of_the_same_literal() throws Exception {
    for (String text :
        new String[] {"2001:db8::8:800:200c:417a", "::ffff:10.0.0.1", "::1", "ff02::1:ff00:1"}) {
      InetAddress ours = IpLiteral.parse(text).orElseThrow();
      InetAddress jdk = InetAddress.getByName(text); // a ':' makes the JDK parse, never look up
      assertArrayEquals(jdk.getAddress(), ours.getAddress(), text);
    }
    assertInstanceOf(Inet4Address.class, IpLiteral.parse("::ffff:10.0.0.1").orElseThrow());
    assertInstanceOf(Inet6Address.class, IpLiteral.parse("::10.0.0.1").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "localhost",
        "example.com",
        "unknown",
        "192.0.2",
        "192.0.2.1.5",
        "192.0.2.256",
        "192.0.2.-1",
        "192.0.2.01",
        "0x7f.0.0.1",
        "017.0.0.1",
        "2130706433",
        "192.0.2.1 ",
        " 192.0.2.1",
        "192.0.2.1:443",
        "192.0.2.1/32",
        "1.2.3.٤",
        ":",
        ":::",
        ":1",
        "1:",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "12345::",
        "g::1",
        "::ffff:192.0.2",
        "::ffff:192.0.2.256",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "fe80::1%eth0",
        "fe80::1%1",
        "[::1]",
        "[::1]:443",
        "２００１:db8::1",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      })
  void anything_else_is_not_an_address(String text) {
    assertEquals(Optional.empty(), IpLiteral.parse(text), text);
  }

  @Test
  void null_and_overlong_text_are_not_addresses() {
    assertEquals(Optional.empty(), IpLiteral.parse(null));
    assertEquals(Optional.empty(), IpLiteral.parse("0".repeat(46)));
  }
}
