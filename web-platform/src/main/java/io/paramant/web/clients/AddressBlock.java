package io.paramant.web.clients;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address block in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or
 * one address (a block of /32 or /128). An IPv4 address is only ever in an IPv4 block: IPv4-mapped
 * IPv6 addresses are read as IPv4 ({@link IpLiteral}), so {@code ::ffff:10.0.0.1} is in {@code
 * 10.0.0.0/8}.
 */
public final class AddressBlock {

  private final byte[] network;
  private final int prefixLength;

  private AddressBlock(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Reads {@code address} or {@code address/prefix-length}.
   *
   * @throws IllegalArgumentException with a message naming the problem: not an address literal, a
   *     prefix length out of range or of zero (a block of every address), or address bits set
   *     beyond the prefix ({@code 10.1.0.0/8}: which block was meant is unclear)
   */
  public static AddressBlock parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    Optional<InetAddress> address = IpLiteral.parse(addressText);
    if (address.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)");
    }
    byte[] bytes = address.get().getAddress();
    int bits = bytes.length * 8;
    int prefixLength = bits;
    if (slash >= 0) {
      String prefix = text.substring(slash + 1);
      if (!prefix.matches("[0-9]{1,3}")
          || Integer.parseInt(prefix) > bits
          || Integer.parseInt(prefix) == 0) {
        throw new IllegalArgumentException(
            "'" + text + "': the prefix length must be 1 to " + bits + " for this address");
      }
      prefixLength = Integer.parseInt(prefix);
    }
    if (!Arrays.equals(bytes, masked(bytes, prefixLength))) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has address bits set beyond the /"
              + prefixLength
              + " prefix; write the block's first address");
    }
    return new AddressBlock(bytes, prefixLength);
  }

  /** Whether {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
  }

  private static byte[] masked(byte[] address, int prefixLength) {
    byte[] result = address.clone();
    for (int i = 0; i < result.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      result[i] &= (byte) (0xff00 >>> keep);
    }
    return result;
  }

  @Override
  public String toString() {
    return text(network) + "/" + prefixLength;
  }

  private static String text(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
