package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.Map;

/**
 * users.json as the relay reads it: whoever can write the file (the console, an operator's editor,
 * a restore from backup) can give it any bytes. {@link UsersFile#parse} may only throw {@link
 * UsersFileException}; an accepted file has one entry per key digest, each with a label and a plan.
 * Seeds and findings: src/test/resources/io/paramant/relay/accounts/UsersFileFuzzTestInputs/.
 */
class UsersFileFuzzTest {

  @FuzzTest
  void parse(byte[] file) {
    Map<String, UsersFile.Entry> entries;
    try {
      entries = UsersFile.parse(new ByteArrayInputStream(file));
    } catch (UsersFileException refused) {
      return;
    }
    entries.forEach(
        (digest, entry) -> {
          assertEquals(digest, HexFormat.of().formatHex(entry.keyDigest()));
          assertTrue(!entry.account().label().isBlank());
          assertNotNull(entry.account().plan());
        });
  }
}
