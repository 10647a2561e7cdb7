package io.paramant.web.clients;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an IP address written as text, strictly and without ever asking DNS: an IPv4 dotted quad
 * (four decimal numbers 0 to 255 without leading zeros, which some parsers read as octal) or an
 * IPv6 address in RFC 4291 text form (hexadecimal groups, at most one {@code ::}, an optional
 * dotted quad in the last 32 bits). No zone ids ({@code %eth0}), brackets, ports or host names.
 *
 * <p>Written here because the JDK 17 has no literal-only parser: {@link InetAddress#getByName}
 * falls back to a DNS lookup for text that is not a literal, which a request header must never
 * cause.
 */
public final class IpLiteral {

  /** The longest IPv6 text form ({@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}). */
  private static final int MAX_LENGTH = 45;

  private IpLiteral() {}

  /**
   * The address {@code text} names, or empty when it is not exactly an address literal. An
   * IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 address.
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes)); // no host name: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = decimalOctet(parts[i]);
      if (value < 0) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  /** 0 to 255 written as 1 to 3 decimal digits without a leading zero; else -1. */
  private static int decimalOctet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null; // more than one "::"
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    int[] headWords = words(head, gap < 0);
    int[] tailWords = words(tail, true);
    if (headWords == null || tailWords == null) {
      return null;
    }
    int total = headWords.length + tailWords.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null; // "::" stands for at least one group of zeros
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < headWords.length; i++) {
      putWord(bytes, i, headWords[i]);
    }
    for (int i = 0; i < tailWords.length; i++) {
      putWord(bytes, 8 - tailWords.length + i, tailWords[i]);
    }
    return bytes;
  }

  /**
   * The 16-bit words of one side of a "::" (or of a whole address without one): hexadecimal groups
   * separated by single colons, the last one of the address ({@code last}) possibly a dotted quad.
   * An empty side has no words. Null if malformed.
   */
  private static int[] words(String side, boolean last) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] groups = side.split(":", -1);
    boolean quad = last && groups[groups.length - 1].indexOf('.') >= 0;
    int[] words = new int[groups.length + (quad ? 1 : 0)];
    for (int i = 0; i < groups.length; i++) {
      if (quad && i == groups.length - 1) {
        byte[] v4 = ipv4(groups[i]);
        if (v4 == null) {
          return null;
        }
        words[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
        words[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
      } else {
        int word = hexWord(groups[i]);
        if (word < 0) {
          return null;
        }
        words[i] = word;
      }
    }
    return words;
  }

  /** 1 to 4 ASCII hexadecimal digits; else -1. */
  private static int hexWord(String group) {
    if (group.isEmpty() || group.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  private static void putWord(byte[] bytes, int index, int word) {
    bytes[2 * index] = (byte) (word >>> 8);
    bytes[2 * index + 1] = (byte) word;
  }
}
