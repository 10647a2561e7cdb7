package io.paramant.client;

import io.paramant.client.EnvelopeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What chunk 0 of a transfer says about the file: its name, size in bytes and media type. All three
 * travel encrypted; the relay never sees them.
 *
 * <p>The name comes from the sender, so it is held to be one harmless path element and harmless
 * text. This record is the one place that rule lives (a received name is checked here when chunk 0
 * is parsed, a name to send when the file is read, a resumed one when its journal is loaded):
 *
 * <ul>
 *   <li>a path element: not empty, not {@code .} or {@code ..}, no {@code /} or {@code \}, at most
 *       255 UTF-8 bytes; a receiver can resolve it against a directory without leaving it (and
 *       checks that it did, for file systems with other rules);
 *   <li>harmless text, since it is printed to terminals and shown in file managers: valid Unicode
 *       (no lone surrogates) without control characters (C0 including NUL, DEL, C1 such as the
 *       terminal escape CSI U+009B), line or paragraph separators, or invisible format characters:
 *       the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A
 *       to U+202E, U+2066 to U+2069) that make a name read differently than it is stored,
 *       zero-width spaces, the byte-order mark and tag characters. Only the zero-width joiner and
 *       non-joiner (U+200C, U+200D) are allowed: scripts such as Persian and emoji sequences need
 *       them.
 * </ul>
 *
 * A name that breaks the rule is refused, not repaired: the sender is told before anything is sent,
 * and a receiver refuses the whole file ({@link Reason#UNSAFE_FILE_NAME}) before writing anything,
 * and its error never quotes the name. The media type is held to the same text rule.
 *
 * @param name the file name, without any directory
 * @param size the file's length in bytes
 * @param type a media type such as {@code text/plain}; {@value #DEFAULT_TYPE} when unknown
 */
public record FileInfo(String name, long size, String type) {

  public static final String DEFAULT_TYPE = "application/octet-stream";

  private static final int MAX_NAME_BYTES = 255;
  private static final int MAX_TYPE_LENGTH = 255;
  private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
  private static final int ZERO_WIDTH_JOINER = 0x200D;

  /**
   * @throws EnvelopeException {@link Reason#UNSAFE_FILE_NAME} if the name is not one safe path
   *     element
   * @throws IllegalArgumentException if the size is negative or the type empty, too long or not
   *     printable
   */
  public FileInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!isSafeName(name)) {
      throw new EnvelopeException(Reason.UNSAFE_FILE_NAME);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative file size");
    }
    if (type.isEmpty()
        || type.length() > MAX_TYPE_LENGTH
        || !StandardCharsets.UTF_8.newEncoder().canEncode(type)
        || type.codePoints().anyMatch(FileInfo::isHostile)) {
      throw new IllegalArgumentException(
          "media type must be 1 to " + MAX_TYPE_LENGTH + " printable characters");
    }
  }

  private static boolean isSafeName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && StandardCharsets.UTF_8.newEncoder().canEncode(name)
        && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES
        && name.codePoints().noneMatch(c -> c == '/' || c == '\\' || isHostile(c));
  }

  /**
   * {@code text} safe to print, for a name that this rule refused: each character the rule does not
   * allow in a name, and each backslash, is written as {@code \\u} and four hexadecimal digits (as
   * {@code \\U} and eight for characters beyond U+FFFF); everything else is unchanged.
   */
  public static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\\' || isHostile(c)) {
                out.append(c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** A character that must not reach a terminal in text from someone else (see above). */
  private static boolean isHostile(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      case Character.FORMAT -> c != ZERO_WIDTH_NON_JOINER && c != ZERO_WIDTH_JOINER;
      default -> false;
    };
  }
}
