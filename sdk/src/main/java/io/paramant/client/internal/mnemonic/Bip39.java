package io.paramant.client.internal.mnemonic;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** BIP-39 with the English word list, restricted to 16 bytes of entropy and so to 12 words. */
public final class Bip39 {

  public static final int ENTROPY_LENGTH = 16;
  public static final int WORD_COUNT = 12;

  /** SHA-256 of bip-0039/english.txt in the bitcoin/bips repository (2048 words, LF line ends). */
  static final String WORD_LIST_SHA256 =
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";

  private static final int BITS_PER_WORD = 11;
  private static final int ENTROPY_BITS = ENTROPY_LENGTH * 8;
  private static final int CHECKSUM_BITS = ENTROPY_BITS / 32;
  private static final List<String> WORDS = loadWords();
  private static final Map<String, Integer> INDEX = indexOf(WORDS);

  private Bip39() {}

  /** The 12 words that encode {@code entropy} and its checksum. */
  public static List<String> encode(byte[] entropy) {
    if (entropy.length != ENTROPY_LENGTH) {
      throw new IllegalArgumentException(
          "BIP-39 drop phrases encode exactly " + ENTROPY_LENGTH + " bytes");
    }
    int checksum = checksum(entropy);
    String[] words = new String[WORD_COUNT];
    for (int word = 0; word < WORD_COUNT; word++) {
      int index = 0;
      for (int bit = word * BITS_PER_WORD; bit < (word + 1) * BITS_PER_WORD; bit++) {
        index = (index << 1) | bitAt(entropy, checksum, bit);
      }
      words[word] = WORDS.get(index);
    }
    return List.of(words);
  }

  /**
   * The entropy a phrase encodes. Words are separated by any whitespace and compared
   * case-insensitively.
   *
   * @return 16 bytes the caller owns and wipes
   * @throws EnvelopeException {@link Reason#MNEMONIC_WORD_COUNT}, {@link
   *     Reason#MNEMONIC_UNKNOWN_WORD} (naming the word's position, never the word) or {@link
   *     Reason#MNEMONIC_CHECKSUM}
   */
  public static byte[] decode(CharSequence phrase) {
    String trimmed = phrase.toString().strip();
    String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (words.length != WORD_COUNT) {
      throw new EnvelopeException(Reason.MNEMONIC_WORD_COUNT, "got " + words.length);
    }
    byte[] entropy = new byte[ENTROPY_LENGTH];
    int checksum = 0;
    int bit = 0;
    for (int word = 0; word < WORD_COUNT; word++) {
      Integer index = INDEX.get(words[word].toLowerCase(Locale.ROOT));
      if (index == null) {
        Arrays.fill(entropy, (byte) 0);
        throw new EnvelopeException(
            Reason.MNEMONIC_UNKNOWN_WORD, "word " + (word + 1) + " of " + WORD_COUNT);
      }
      for (int shift = BITS_PER_WORD - 1; shift >= 0; shift--, bit++) {
        int value = (index >> shift) & 1;
        if (bit < ENTROPY_BITS) {
          entropy[bit / 8] |= (byte) (value << (7 - bit % 8));
        } else {
          checksum = (checksum << 1) | value;
        }
      }
    }
    if (checksum != checksum(entropy)) {
      Arrays.fill(entropy, (byte) 0);
      throw new EnvelopeException(Reason.MNEMONIC_CHECKSUM);
    }
    return entropy;
  }

  /** The first {@code ENT/32} bits of SHA-256(entropy), as BIP-39 defines the checksum. */
  private static int checksum(byte[] entropy) {
    return (Digests.sha256(entropy)[0] & 0xff) >>> (8 - CHECKSUM_BITS);
  }

  /** Bit {@code bit} of entropy || checksum, most significant bit first. */
  private static int bitAt(byte[] entropy, int checksum, int bit) {
    if (bit < ENTROPY_BITS) {
      return (entropy[bit / 8] >> (7 - bit % 8)) & 1;
    }
    return (checksum >> (CHECKSUM_BITS - 1 - (bit - ENTROPY_BITS))) & 1;
  }

  private static List<String> loadWords() {
    byte[] list;
    try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "the BIP-39 English word list is missing from the class path");
      }
      list = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!HexFormat.of().formatHex(Digests.sha256(list)).equals(WORD_LIST_SHA256)) {
      throw new IllegalStateException("the BIP-39 English word list is damaged (SHA-256 mismatch)");
    }
    return List.of(new String(list, StandardCharsets.US_ASCII).split("\n"));
  }

  private static Map<String, Integer> indexOf(List<String> words) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      index.put(words.get(i), i);
    }
    return Map.copyOf(index);
  }
}
