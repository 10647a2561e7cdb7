package io.paramant.client;

import io.paramant.client.EnvelopeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What chunk 0 of a transfer says about the file: its name, size in bytes and media type. All three
 * travel encrypted; the relay never sees them.
 *
 * <p>The name comes from the sender, so it is held to be one harmless path element: not empty, not
 * {@code .} or {@code ..}, no {@code /} or {@code \}, no control characters, valid Unicode, at most
 * 255 UTF-8 bytes. A receiver can therefore resolve it against a directory without escaping that
 * directory.
 *
 * @param name the file name, without any directory
 * @param size the file's length in bytes
 * @param type a media type such as {@code text/plain}; {@value #DEFAULT_TYPE} when unknown
 */
public record FileInfo(String name, long size, String type) {

  public static final String DEFAULT_TYPE = "application/octet-stream";

  private static final int MAX_NAME_BYTES = 255;
  private static final int MAX_TYPE_LENGTH = 255;

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
        || type.chars().anyMatch(FileInfo::isControl)) {
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
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || isControl(c));
  }

  private static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f;
  }
}
