package io.paramant.relay.blob;

import io.paramant.relay.InvalidInputException;
import java.util.HexFormat;

/** The blob address: the lowercase hex SHA-256 of the stored bytes. */
public final class BlobHash {

  private BlobHash() {}

  /**
   * Validates a client-supplied hash and returns its canonical lowercase form.
   *
   * @throws InvalidInputException {@code invalid_hash} unless it is exactly 64 hex digits
   */
  public static String parse(String hash) {
    if (hash == null || hash.length() != 64 || !isHex(hash)) {
      throw new InvalidInputException(
          "invalid_hash", "hash must be 64 hexadecimal characters (SHA-256).");
    }
    return hash.toLowerCase(java.util.Locale.ROOT);
  }

  static byte[] bytes(String canonicalHash) {
    return HexFormat.of().parseHex(canonicalHash);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }
}
