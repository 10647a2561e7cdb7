package io.paramant.relay.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a webhook may be sent to (the SSRF guard). A target is acceptable only when its
 * host resolves, and <em>every</em> address it resolves to is public: an attacker who controls a
 * name's DNS records must not be able to add an internal address next to a public one.
 *
 * <p>Refused unless the operator allows private targets ({@code paramant.webhook.allow-private}):
 * loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16), shared address space (100.64/10,
 * CGNAT), link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10),
 * unique-local (fc00::/7), site-local (fec0::/10), IETF protocol assignments (192.0.0/24),
 * benchmarking (198.18/15), NAT64 local use (64:ff9b:1::/48) and Teredo (2001::/32). Refused
 * always: unspecified (0/8, ::), multicast (224/4, ff00::/8), reserved and broadcast (240/4). IPv6
 * forms that embed an IPv4 address are judged by that address: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
final class TargetPolicy {

  /** How an address is classed. */
  enum AddressClass {
    PUBLIC(false, false),
    LOOPBACK(true, false),
    PRIVATE(true, false),
    SHARED(true, false),
    LINK_LOCAL(true, false),
    UNIQUE_LOCAL(true, false),
    SITE_LOCAL(true, false),
    SPECIAL_PURPOSE(true, false),
    UNSPECIFIED(true, true),
    MULTICAST(true, true),
    RESERVED(true, true);

    private final boolean nonPublic;
    private final boolean never;

    AddressClass(boolean nonPublic, boolean never) {
      this.nonPublic = nonPublic;
      this.never = never;
    }

    /** Whether a webhook may be sent to an address of this class. */
    boolean allowed(boolean allowPrivate) {
      return !nonPublic || (allowPrivate && !never);
    }
  }

  /** What a check of a target found. */
  enum Verdict {
    ALLOWED,
    /** At least one address is refused. */
    REFUSED,
    /** The host does not resolve (now). */
    UNRESOLVED
  }

  /** Name resolution; {@link InetAddress#getAllByName} in production, a table in tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Why a refused target was refused; the same sentence whatever the address, see {@link #vet}. */
  static final String REFUSAL =
      "it must resolve to public addresses only (loopback, private, link-local and other special"
          + " ranges are refused).";

  private final boolean allowPrivate;
  private final Resolver resolver;

  TargetPolicy(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  boolean allowsPrivate() {
    return allowPrivate;
  }

  /**
   * Resolves the target's host now and checks every address.
   *
   * @return the addresses when all of them are allowed
   * @throws DeliveryException {@code webhook_target_refused} otherwise. The detail does not say
   *     which address was refused or whether the name resolved at all, so that registering a
   *     webhook cannot be used to map the relay's internal network and DNS.
   */
  List<InetAddress> vet(CallbackUrl target) {
    List<InetAddress> addresses = resolve(target);
    if (addresses == null || check(addresses) != Verdict.ALLOWED) {
      throw DeliveryException.targetRefused(REFUSAL);
    }
    return addresses;
  }

  /** Resolves the target's host now and checks every address. */
  Verdict check(CallbackUrl target) {
    List<InetAddress> addresses = resolve(target);
    return addresses == null ? Verdict.UNRESOLVED : check(addresses);
  }

  private Verdict check(List<InetAddress> addresses) {
    for (InetAddress address : addresses) {
      if (!classify(address).allowed(allowPrivate)) {
        return Verdict.REFUSED;
      }
    }
    return Verdict.ALLOWED;
  }

  private List<InetAddress> resolve(CallbackUrl target) {
    try {
      InetAddress[] addresses = resolver.resolve(target.host());
      return addresses == null || addresses.length == 0 ? null : List.of(addresses);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** The class of an address, from its bytes (an IPv4-mapped address may come either way). */
  static AddressClass classify(InetAddress address) {
    byte[] a = address.getAddress();
    return address instanceof Inet4Address || a.length == 4 ? classifyV4(a, 0) : classifyV6(a);
  }

  private static AddressClass classifyV4(byte[] a, int offset) {
    int b0 = a[offset] & 0xff;
    int b1 = a[offset + 1] & 0xff;
    int b2 = a[offset + 2] & 0xff;
    if (b0 == 0) {
      return AddressClass.UNSPECIFIED; // 0/8 "this network"; 0.0.0.0 reaches the local host
    }
    if (b0 == 127) {
      return AddressClass.LOOPBACK;
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return AddressClass.PRIVATE;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return AddressClass.SHARED; // 100.64/10
    }
    if (b0 == 169 && b1 == 254) {
      return AddressClass.LINK_LOCAL;
    }
    if ((b0 == 192 && b1 == 0 && b2 == 0) || (b0 == 198 && (b1 & 0xfe) == 18)) {
      return AddressClass.SPECIAL_PURPOSE; // 192.0.0/24, 198.18/15
    }
    if ((b0 & 0xf0) == 224) {
      return AddressClass.MULTICAST;
    }
    if ((b0 & 0xf0) == 240) {
      return AddressClass.RESERVED; // 240/4 with 255.255.255.255
    }
    return AddressClass.PUBLIC;
  }

  private static AddressClass classifyV6(byte[] a) {
    if (zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
      return classifyV4(a, 12); // ::ffff:a.b.c.d, IPv4-mapped
    }
    if (zero(a, 0, 12)) {
      if (zero(a, 12, 15)) {
        if (a[15] == 0) {
          return AddressClass.UNSPECIFIED; // ::
        }
        if (a[15] == 1) {
          return AddressClass.LOOPBACK; // ::1
        }
      }
      return classifyV4(a, 12); // ::a.b.c.d, IPv4-compatible (deprecated)
    }
    int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
    int w1 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    int w2 = ((a[4] & 0xff) << 8) | (a[5] & 0xff);
    if (w0 == 0x0064 && w1 == 0xff9b) {
      if (w2 == 0 && zero(a, 6, 12)) {
        return classifyV4(a, 12); // 64:ff9b::/96, NAT64
      }
      if (w2 == 1) {
        return AddressClass.SPECIAL_PURPOSE; // 64:ff9b:1::/48, NAT64 local use
      }
    }
    if (w0 == 0x2002) {
      return classifyV4(a, 2); // 2002::/16, 6to4 embeds the IPv4 address in bits 16-47
    }
    if (w0 == 0x2001 && w1 == 0) {
      return AddressClass.SPECIAL_PURPOSE; // 2001::/32, Teredo
    }
    if ((a[0] & 0xff) == 0xff) {
      return AddressClass.MULTICAST;
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return AddressClass.UNIQUE_LOCAL; // fc00::/7
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
      return AddressClass.LINK_LOCAL; // fe80::/10
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
      return AddressClass.SITE_LOCAL; // fec0::/10
    }
    return AddressClass.PUBLIC;
  }

  private static boolean zero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
