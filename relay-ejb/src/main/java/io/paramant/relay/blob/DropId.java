package io.paramant.relay.blob;

import io.paramant.relay.InvalidInputException;
import java.util.Locale;

/**
 * The address of an anonymous drop: 32 bytes as 64 hex digits, derived on the client from the
 * drop's mnemonic (HKDF, PROTOCOL.md). Unlike a blob hash it says nothing about the bytes, and it
 * lives in a namespace of its own: the same 64 digits can name a blob and a drop at once.
 */
public final class DropId {

  private DropId() {}

  /**
   * Validates a client-supplied drop id and returns its canonical lowercase form.
   *
   * @throws InvalidInputException {@code invalid_drop_id} unless it is exactly 64 hex digits
   */
  public static String parse(String id) {
    if (id == null || id.length() != 64 || !isHex(id)) {
      throw new InvalidInputException(
          "invalid_drop_id", "id must be 64 hexadecimal characters (32 bytes).");
    }
    return id.toLowerCase(Locale.ROOT);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }
}
