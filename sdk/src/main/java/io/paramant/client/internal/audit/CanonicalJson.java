package io.paramant.client.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 (JCS) canonical JSON of a flat object whose members are whole numbers or strings, the
 * shape of an audit entry ({@code {seq, at, event, subject, size?}}): members sorted by their
 * names' UTF-16 code units (RFC 8785 §3.2.3, which {@link String#compareTo} is), no white space,
 * integers as plain decimals (ECMAScript's form of an integer of at most 2^53 - 1, §3.2.2.3),
 * strings with ECMAScript's escapes (§3.2.2.2): {@code \"}, {@code \\}, {@code \b \f \n \r \t},
 * other controls as {@code \\u} and four hex digits, everything else as it is, in UTF-8.
 */
public final class CanonicalJson {

  /** The largest integer an IEEE 754 double holds exactly, and so JCS writes exactly. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private CanonicalJson() {}

  /**
   * The canonical JSON of {@code members}; values are {@link Long}, {@link Integer} or {@link
   * String}.
   *
   * @throws IllegalArgumentException for another value, an integer beyond ±(2^53 - 1), or a string
   *     with a lone surrogate (no UTF-8 for it)
   */
  public static byte[] object(Map<String, ?> members) {
    StringBuilder json = new StringBuilder(64 + 32 * members.size()).append('{');
    boolean first = true;
    for (Map.Entry<String, ?> member : new TreeMap<>(members).entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      string(json, member.getKey());
      json.append(':');
      Object value = member.getValue();
      if (value instanceof Long || value instanceof Integer) {
        long number = ((Number) value).longValue();
        if (Math.abs(number) > MAX_SAFE_INTEGER) {
          throw new IllegalArgumentException(member.getKey() + " is beyond 2^53 - 1");
        }
        json.append(number);
      } else if (value instanceof String text) {
        string(json, text);
      } else {
        throw new IllegalArgumentException(member.getKey() + " is neither an integer nor a string");
      }
    }
    String text = json.append('}').toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))
          : Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("a string with a lone surrogate");
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical JSON of an audit entry. */
  public static byte[] auditEntry(long seq, long atMs, String event, String subject, Long size) {
    Map<String, Object> members = new TreeMap<>();
    members.put("seq", seq);
    members.put("at", atMs);
    members.put("event", event);
    members.put("subject", subject);
    if (size != null) {
      members.put("size", size);
    }
    return object(members);
  }

  private static void string(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
