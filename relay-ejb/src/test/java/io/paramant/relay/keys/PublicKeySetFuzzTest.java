package io.paramant.relay.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.InvalidInputException;
import java.util.Locale;

/**
 * Device keys as a client registers them: each field absent, a real key in hex or base64 (edited or
 * not: a character replaced, cut short, extended, upper case, padding dropped), or any text. {@link
 * PublicKeySet#decode} may only throw {@link InvalidInputException}; a set it accepts holds the
 * keys' bytes, which validate again to an equal set. Seeds and findings:
 * src/test/resources/io/paramant/relay/keys/PublicKeySetFuzzTestInputs/.
 */
class PublicKeySetFuzzTest {

  private static final TestKeys KEYS = TestKeys.generate();

  @FuzzTest
  void decode(FuzzedDataProvider data) {
    String mlKem = field(data, KEYS.mlKem());
    String p256 = field(data, KEYS.p256());
    String mlDsa = field(data, KEYS.mlDsa());
    PublicKeySet keys;
    try {
      keys = PublicKeySet.decode(mlKem, p256, mlDsa);
    } catch (InvalidInputException refused) {
      return;
    }
    assertEquals(
        keys, PublicKeySet.of(keys.mlKem(), keys.ecdh().orElse(null), keys.mlDsa().orElse(null)));
    assertEquals(64, keys.fingerprint().length());
  }

  private static String field(FuzzedDataProvider data, byte[] key) {
    String text =
        switch (data.consumeInt(0, 3)) {
          case 0 -> null;
          case 1 -> TestKeys.hex(key);
          case 2 -> TestKeys.b64(key);
          default -> data.consumeString(data.consumeInt(0, 3000));
        };
    if (text == null || !data.consumeBoolean()) {
      return text;
    }
    return switch (data.consumeInt(0, 4)) {
      case 0 ->
          replaceAt(text, data.consumeInt(0, Math.max(0, text.length() - 1)), data.consumeChar());
      case 1 -> text.substring(0, data.consumeInt(0, text.length()));
      case 2 -> text + data.consumeString(8);
      case 3 -> text.toUpperCase(Locale.ROOT);
      default -> text.replace("=", "");
    };
  }

  private static String replaceAt(String text, int at, char c) {
    if (text.isEmpty()) {
      return String.valueOf(c);
    }
    return text.substring(0, at) + c + text.substring(at + 1);
  }
}
