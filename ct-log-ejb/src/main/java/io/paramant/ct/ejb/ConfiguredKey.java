package io.paramant.ct.ejb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paramant.ct.sth.SignedTreeHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ML-DSA-65 public key as an operator configures it for a witnessed log or a witness: the key
 * itself in hex (3904 digits), its key id (64 hex digits; for a witness only, whose key is then
 * fetched from it and must match), or the path of a file holding the key in hex (as a relay writes
 * its {@code identity.pub}). A file that does not exist yet (a sibling sector that has not started)
 * is read again later.
 */
public final class ConfiguredKey {

  private static final int KEY_HEX_DIGITS = 2 * 1952;
  private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]+");

  private final String text;
  private volatile byte[] publicKey;

  private ConfiguredKey(String text, byte[] publicKey) {
    this.text = text;
    this.publicKey = publicKey;
  }

  /** Reads one reference; see the class documentation. */
  public static ConfiguredKey parse(String text) {
    if (HEX_DIGITS.matcher(text).matches() && text.length() == KEY_HEX_DIGITS) {
      return new ConfiguredKey(text, HexFormat.of().parseHex(text));
    }
    return new ConfiguredKey(text, null);
  }

  /** The public key, if configured inline or its file exists. */
  public Optional<byte[]> publicKey() {
    byte[] key = publicKey;
    if (key == null && !isKeyId()) {
      key = read(Path.of(text));
      publicKey = key;
    }
    return Optional.ofNullable(key).map(byte[]::clone);
  }

  /** The key id: configured, or of the key once it is known. */
  public Optional<String> keyId() {
    if (isKeyId()) {
      return Optional.of(text.toLowerCase(java.util.Locale.ROOT));
    }
    return publicKey().map(SignedTreeHead::keyId);
  }

  /** Whether only the key id is configured (the key itself then comes from elsewhere). */
  public boolean isKeyId() {
    return text.length() == 64 && HEX_DIGITS.matcher(text).matches();
  }

  private static byte[] read(Path file) {
    String content;
    try {
      content = Files.readString(file, US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the public key file " + file, e);
    }
    if (content.length() != KEY_HEX_DIGITS || !HEX_DIGITS.matcher(content).matches()) {
      throw new IllegalStateException(
          "the public key file " + file + " does not hold an ML-DSA-65 public key in hex");
    }
    return HexFormat.of().parseHex(content);
  }

  @Override
  public String toString() {
    return text.length() > 80 ? text.substring(0, 16) + "…" : text;
  }
}
