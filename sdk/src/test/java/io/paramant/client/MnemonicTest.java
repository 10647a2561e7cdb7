package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException.Reason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MnemonicTest {

  /**
   * The 128-bit English vectors of the BIP-39 reference implementation, trezor/python-mnemonic
   * vectors.json.
   */
  @ParameterizedTest
  @CsvSource({
    "00000000000000000000000000000000, abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f, legal winner thank year wave sausage worth useful legal winner thank yellow",
    "80808080808080808080808080808080, letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
    "ffffffffffffffffffffffffffffffff, zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
    "7dce4ed2284c9134d026608ab684c05c, lava include region explain simple omit dog slot melt reflect copy reward",
    "5baf069620eff15c71dd97c9a6ee328f, forum join pitch dove yellow purchase shuffle real situate danger million bunker",
    "63deb1e7f0c3de56f4ab43c9d2ae6c86, glow void ketchup thunder digital clock sport half six nice open artefact",
    "00641669f095b433a304ed0f953f28eb, about camera omit thrive forget border metal oval auto prepare sketch stomach",
  })
  void entropy_and_phrase_match_the_bip39_reference_vectors(String entropy, String phrase) {
    byte[] bytes = HexFormat.of().parseHex(entropy);

    assertEquals(phrase, Mnemonic.fromEntropy(bytes).phrase());
    assertArrayEquals(bytes, Mnemonic.parse(phrase).entropy());
  }

  @Test
  void a_mistyped_word_is_reported_by_its_position_without_echoing_the_phrase() {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Mnemonic.parse(
                    "legal winner thank year wave sausage wurth useful legal winner thank yellow"));

    assertEquals(Reason.MNEMONIC_UNKNOWN_WORD, refused.reason());
    assertEquals("word not in the BIP-39 English list: word 7 of 12", refused.getMessage());
  }

  @Test
  void a_valid_word_in_the_wrong_place_fails_the_checksum() {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Mnemonic.parse(
                    "legal winner thank year wave sausage worth useful legal winner yellow thank"));

    assertEquals(Reason.MNEMONIC_CHECKSUM, refused.reason());
    assertFalse(refused.getMessage().contains("yellow"));
  }

  @Test
  void a_phrase_of_eleven_or_thirteen_words_is_refused_by_count() {
    assertEquals(
        Reason.MNEMONIC_WORD_COUNT,
        assertThrows(
                EnvelopeException.class,
                () -> Mnemonic.parse("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong"))
            .reason());
    assertEquals(
        Reason.MNEMONIC_WORD_COUNT,
        assertThrows(
                EnvelopeException.class,
                () -> Mnemonic.parse("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong"))
            .reason());
    assertEquals(
        Reason.MNEMONIC_WORD_COUNT,
        assertThrows(EnvelopeException.class, () -> Mnemonic.parse("   ")).reason());
  }

  @Test
  void the_phrase_never_shows_in_to_string_and_destroy_wipes_it() {
    Mnemonic phrase = Mnemonic.generate();

    assertEquals("Mnemonic[12 words, hidden]", phrase.toString());
    phrase.destroy();
    assertThrows(IllegalStateException.class, phrase::phrase);
  }
}
