package io.paramant.web.clients;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxies whose {@code X-Forwarded-For} a web module believes, and the one rule for a request's
 * client address (see the package notes for why it is this rule).
 */
public final class TrustedProxies {

  /** Trusts no one: the client address is always the TCP peer's. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<AddressBlock> blocks;

  private TrustedProxies(List<AddressBlock> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Reads a list of addresses and CIDR blocks separated by commas and/or white space; a blank list
   * trusts no one.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address or block
   */
  public static TrustedProxies parse(String list) {
    List<AddressBlock> blocks = new ArrayList<>();
    if (list != null) {
      for (String entry : list.strip().split("[,\\s]+")) {
        if (!entry.isEmpty()) {
          blocks.add(AddressBlock.parse(entry));
        }
      }
    }
    return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
  }

  /** The configured blocks, in order. */
  public List<AddressBlock> blocks() {
    return blocks;
  }

  /**
   * The client address of a request that came from the TCP peer {@code peer} with these {@code
   * X-Forwarded-For} header values (each may hold a comma-separated list; in the order received).
   *
   * <p>The peer's address, unless the peer is a trusted proxy. Then the forwarded list is read from
   * its right end (the hop the peer itself added) leftwards, skipping trusted proxies: the first
   * untrusted address is the client. When every listed address is trusted, the leftmost one is the
   * client. No header, or any entry on the way that is not a bare IP address (a host name, a port,
   * brackets, {@code unknown}, an empty entry), gives the peer's address: a proxy that forwards
   * garbage is not believed.
   *
   * @return the address in canonical text form ({@link InetAddress#getHostAddress()}; an
   *     IPv4-mapped IPv6 address as IPv4), or {@code peer} unchanged if it is not an address
   */
  public String clientAddress(String peer, List<String> forwardedFor) {
    Optional<InetAddress> peerAddress = IpLiteral.parse(peer);
    if (peerAddress.isEmpty()) {
      return peer;
    }
    String direct = peerAddress.get().getHostAddress();
    if (!trusts(peerAddress.get()) || forwardedFor.isEmpty()) {
      return direct;
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String hop : value.split(",", -1)) {
        hops.add(hop.strip());
      }
    }
    InetAddress client = null;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpLiteral.parse(hops.get(i));
      if (hop.isEmpty()) {
        return direct;
      }
      client = hop.get();
      if (!trusts(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  private boolean trusts(InetAddress address) {
    for (AddressBlock block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return blocks.isEmpty() ? "none" : blocks.toString();
  }
}
