package io.paramant.relay.delivery;

import static io.paramant.relay.delivery.TargetPolicy.AddressClass.LINK_LOCAL;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.LOOPBACK;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.MULTICAST;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.PRIVATE;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.PUBLIC;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.RESERVED;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.SHARED;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.SITE_LOCAL;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.SPECIAL_PURPOSE;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.UNIQUE_LOCAL;
import static io.paramant.relay.delivery.TargetPolicy.AddressClass.UNSPECIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

  @Test
  void ipv4_ranges_and_their_edges() {
    assertClass(PUBLIC, "8.8.8.8", "1.1.1.1", "93.184.216.34", "223.255.255.255");
    assertClass(UNSPECIFIED, "0.0.0.0", "0.255.255.255");
    assertClass(LOOPBACK, "127.0.0.1", "127.255.255.254");
    assertClass(PRIVATE, "10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255");
    assertClass(PRIVATE, "192.168.0.1", "192.168.255.255");
    assertClass(PUBLIC, "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0");
    assertClass(PUBLIC, "192.167.255.255", "192.169.0.0");
    assertClass(SHARED, "100.64.0.0", "100.127.255.255");
    assertClass(PUBLIC, "100.63.255.255", "100.128.0.0");
    assertClass(LINK_LOCAL, "169.254.0.1", "169.254.169.254", "169.254.255.255");
    assertClass(PUBLIC, "169.253.255.255", "169.255.0.0");
    assertClass(SPECIAL_PURPOSE, "192.0.0.1", "198.18.0.1", "198.19.255.255");
    assertClass(PUBLIC, "192.0.1.1", "198.17.255.255", "198.20.0.0");
    assertClass(MULTICAST, "224.0.0.1", "239.255.255.255");
    assertClass(RESERVED, "240.0.0.1", "255.255.255.255");
  }

  @Test
  void ipv6_ranges() {
    assertClass(PUBLIC, "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450::1");
    assertClass(UNSPECIFIED, "::");
    assertClass(LOOPBACK, "::1");
    assertClass(LINK_LOCAL, "fe80::1", "febf:ffff::1");
    assertClass(SITE_LOCAL, "fec0::1", "feff::1");
    assertClass(UNIQUE_LOCAL, "fc00::1", "fd12:3456:789a::1", "fdff:ffff::1");
    assertClass(PUBLIC, "fbff::1", "fe00::1");
    assertClass(MULTICAST, "ff02::1", "ff05::fb");
    assertClass(SPECIAL_PURPOSE, "2001:0:4136:e378:8000:63bf:3fff:fdd2"); // Teredo
    assertClass(SPECIAL_PURPOSE, "64:ff9b:1::a00:1"); // NAT64 local use
  }

  @Test
  void ipv6_forms_that_embed_an_ipv4_address_are_judged_by_it() throws Exception {
    // IPv4-mapped, as the JDK parses it (an Inet4Address) and as raw 16 bytes (an Inet6Address)
    assertInstanceOf(Inet4Address.class, InetAddress.getByName("::ffff:127.0.0.1"));
    assertEquals(LOOPBACK, TargetPolicy.classify(InetAddress.getByName("::ffff:127.0.0.1")));
    assertEquals(LOOPBACK, TargetPolicy.classify(mapped(127, 0, 0, 1)));
    assertEquals(LINK_LOCAL, TargetPolicy.classify(mapped(169, 254, 169, 254)));
    assertEquals(PRIVATE, TargetPolicy.classify(mapped(10, 1, 2, 3)));
    assertEquals(SHARED, TargetPolicy.classify(mapped(100, 64, 0, 1)));
    assertEquals(UNSPECIFIED, TargetPolicy.classify(mapped(0, 0, 0, 0)));
    assertEquals(PUBLIC, TargetPolicy.classify(mapped(8, 8, 8, 8)));
    // IPv4-compatible (deprecated), NAT64, 6to4
    assertClass(LOOPBACK, "::127.0.0.1");
    assertClass(PRIVATE, "::10.0.0.1", "::192.168.1.1");
    assertClass(LINK_LOCAL, "::169.254.169.254", "64:ff9b::169.254.169.254");
    assertClass(LOOPBACK, "64:ff9b::7f00:1", "2002:7f00:1::1");
    assertClass(PRIVATE, "2002:c0a8:101::1", "64:ff9b::a00:1");
    assertClass(PUBLIC, "64:ff9b::808:808", "2002:808:808::1", "::8.8.8.8");
  }

  @Test
  void private_targets_pass_only_when_allowed_and_some_never() {
    for (TargetPolicy.AddressClass c : TargetPolicy.AddressClass.values()) {
      assertEquals(c == PUBLIC, c.allowed(false), c.name());
    }
    assertTrue(LOOPBACK.allowed(true));
    assertTrue(PRIVATE.allowed(true));
    assertTrue(LINK_LOCAL.allowed(true));
    assertTrue(UNIQUE_LOCAL.allowed(true));
    assertFalse(UNSPECIFIED.allowed(true));
    assertFalse(MULTICAST.allowed(true));
    assertFalse(RESERVED.allowed(true));
  }

  @Test
  void every_resolved_address_must_pass() {
    Map<String, InetAddress[]> dns = new HashMap<>();
    dns.put("public.example", addresses("93.184.216.34", "2606:2800:220:1::1"));
    dns.put("mixed.example", addresses("93.184.216.34", "10.0.0.7"));
    dns.put("metadata.example", addresses("169.254.169.254"));
    dns.put("localhost", addresses("127.0.0.1", "::1"));
    TargetPolicy policy = new TargetPolicy(false, table(dns));

    assertEquals(2, policy.vet(CallbackUrl.parse("https://public.example/hook")).size());
    assertEquals(TargetPolicy.Verdict.REFUSED, policy.check(url("http://mixed.example/")));
    assertEquals(TargetPolicy.Verdict.REFUSED, policy.check(url("http://metadata.example/")));
    assertEquals(TargetPolicy.Verdict.REFUSED, policy.check(url("http://localhost:8080/")));
    assertEquals(TargetPolicy.Verdict.UNRESOLVED, policy.check(url("http://nowhere.example/")));
    for (String refused :
        new String[] {
          "http://mixed.example/", "http://nowhere.example/", "http://127.0.0.1/", "http://[::1]/"
        }) {
      DeliveryException e =
          assertThrows(DeliveryException.class, () -> policy.vet(url(refused)), refused);
      assertEquals("webhook_target_refused", e.code());
      assertEquals("callback_url is refused: " + TargetPolicy.REFUSAL, e.detail());
    }
  }

  @Test
  void allowing_private_targets_lets_loopback_through_but_not_multicast() {
    Map<String, InetAddress[]> dns = new HashMap<>();
    dns.put("localhost", addresses("127.0.0.1", "::1"));
    dns.put("group.example", addresses("224.0.0.251"));
    TargetPolicy policy = new TargetPolicy(true, table(dns));

    assertEquals(TargetPolicy.Verdict.ALLOWED, policy.check(url("http://localhost:1234/")));
    assertEquals(TargetPolicy.Verdict.ALLOWED, policy.check(url("http://127.0.0.1:1234/")));
    assertEquals(TargetPolicy.Verdict.ALLOWED, policy.check(url("http://[fe80::1]/")));
    assertEquals(TargetPolicy.Verdict.REFUSED, policy.check(url("http://group.example/")));
    assertEquals(TargetPolicy.Verdict.REFUSED, policy.check(url("http://0.0.0.0/")));
  }

  @Test
  void literal_hosts_in_every_spelling_are_judged_by_the_address_they_mean() {
    TargetPolicy policy = new TargetPolicy(false, InetAddress::getAllByName);
    for (String refused :
        new String[] {
          "http://127.0.0.1/",
          "http://2130706433/",
          "http://[::ffff:127.0.0.1]/",
          "http://[::ffff:7f00:1]/",
          "http://[0:0:0:0:0:ffff:169.254.169.254]/",
          "http://[::127.0.0.1]/",
          "http://[fe80::1%251]/",
          "http://169.254.169.254/latest/meta-data/",
          "http://0.0.0.0:8080/",
          "http://[::]/",
        }) {
      assertTrue(
          policy.check(url(refused)) != TargetPolicy.Verdict.ALLOWED, refused + " must not pass");
    }
    // java.net.URI reads "127.1" as a registry name, not a host: never resolved, never sent to
    assertThrows(DeliveryException.class, () -> url("http://127.1/"));
  }

  private static void assertClass(TargetPolicy.AddressClass expected, String... literals) {
    for (String literal : literals) {
      assertEquals(expected, TargetPolicy.classify(address(literal)), literal);
    }
  }

  private static CallbackUrl url(String text) {
    return CallbackUrl.parse(text);
  }

  private static Inet6Address mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress[] addresses(String... literals) {
    InetAddress[] all = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      all[i] = address(literals[i]);
    }
    return all;
  }

  private static TargetPolicy.Resolver table(Map<String, InetAddress[]> dns) {
    return host -> {
      InetAddress[] found = dns.get(host);
      if (found == null) {
        try {
          return new InetAddress[] {InetAddress.getByName(host)}; // literals only
        } catch (UnknownHostException e) {
          throw e;
        }
      }
      return found;
    };
  }
}
