package io.paramant.client.internal.envelope;

import io.paramant.client.internal.crypto.Randomness;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 16 random bytes that tie the chunks of one file together. Not secret: it is in every header
 * in clear.
 */
public final class FileId {

  public static final int LENGTH = 16;

  private final byte[] bytes;

  private FileId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh id from the system CSPRNG, one per file sent. */
  public static FileId random() {
    byte[] bytes = new byte[LENGTH];
    Randomness.system().nextBytes(bytes);
    return new FileId(bytes);
  }

  public static FileId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a file id is " + LENGTH + " bytes");
    }
    return new FileId(bytes.clone());
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FileId that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
