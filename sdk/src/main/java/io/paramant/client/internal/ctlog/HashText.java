package io.paramant.client.internal.ctlog;

import java.util.Locale;
import java.util.regex.Pattern;

/** 32-byte hashes and key ids as people and the API write them: 64 hex digits. */
public final class HashText {

  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

  private HashText() {}

  /**
   * The hash in lowercase, the form the log and the API use.
   *
   * @param what what the hash is, for the message ("blob hash", "key id")
   * @throws IllegalArgumentException unless {@code text} is 64 hex digits (either case)
   */
  public static String parse(String what, String text) {
    if (text == null || !HASH.matcher(text).matches()) {
      throw new IllegalArgumentException(what + " is 64 hex digits");
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
