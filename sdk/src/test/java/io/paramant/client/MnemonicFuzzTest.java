package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Drop phrases as a person types them (or pastes anything): {@link Mnemonic#parse} refuses with
 * {@link EnvelopeException} only (word count, unknown word, checksum); a phrase it accepts is the
 * canonical phrase of its entropy, up to case and whitespace. Seeds and findings:
 * src/test/resources/io/paramant/client/MnemonicFuzzTestInputs/.
 */
class MnemonicFuzzTest {

  @FuzzTest
  void parse(byte[] typed) {
    String text = new String(typed, StandardCharsets.UTF_8);
    Mnemonic mnemonic;
    try {
      mnemonic = Mnemonic.parse(text);
    } catch (EnvelopeException refused) {
      return;
    }
    String phrase = mnemonic.phrase();
    assertEquals(String.join(" ", text.strip().toLowerCase(Locale.ROOT).split("\\s+")), phrase);
    assertArrayEquals(mnemonic.entropy(), Mnemonic.parse(phrase).entropy());
  }
}
