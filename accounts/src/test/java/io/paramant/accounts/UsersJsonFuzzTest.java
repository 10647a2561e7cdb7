package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * users.json as its one writer reads it: any bytes (a hand edit, a broken restore). {@link
 * UsersJson#parse} may only refuse with {@link AccountsException} {@code users_file_invalid}, and
 * the entries of a file it accepts show as users without failing. Seeds and findings:
 * src/test/resources/io/paramant/accounts/UsersJsonFuzzTestInputs/.
 */
class UsersJsonFuzzTest {

  private static final Path FILE = Path.of("users.json");

  @FuzzTest
  void read(byte[] content) {
    UsersJson.Document document;
    try {
      document = UsersJson.parse(content, FILE);
    } catch (AccountsException refused) {
      assertEquals(AccountsException.Kind.CONFLICT, refused.kind());
      assertEquals("users_file_invalid", refused.code());
      return;
    }
    assertEquals(UsersJson.sha256(content), document.sha256());
    assertEquals(document.users().size(), document.view().size());
  }
}
