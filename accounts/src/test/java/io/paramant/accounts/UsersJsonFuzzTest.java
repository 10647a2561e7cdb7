package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * users.json as its one codec reads it, for the relays and for the writer: whoever can write the
 * file (the console, an operator's editor, a restore from backup) can give it any bytes. {@link
 * UsersJson#parse} may only refuse with {@link InvalidUsersFile}; an accepted file has one entry
 * per label and per key digest, each with a non-blank label and a plan, and shows as users without
 * failing. Seeds and findings (the relays' former reader's included, named relay-* where they
 * clashed): src/test/resources/io/paramant/accounts/UsersJsonFuzzTestInputs/.
 */
class UsersJsonFuzzTest {

  @FuzzTest
  void read(byte[] content) {
    UsersJson.Document document;
    try {
      document = UsersJson.parse(content);
    } catch (InvalidUsersFile refused) {
      assertNotNull(refused.kind());
      return;
    }
    assertEquals(UsersJson.sha256(content), document.sha256());
    List<User> users = document.view();
    assertEquals(document.users().size(), users.size());
    Set<String> labels = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (UsersJson.Entry entry : document.entries()) {
      assertFalse(entry.user().label().isBlank());
      assertEquals(entry.plan().wireName(), entry.user().plan());
      assertEquals(64, entry.keySha256().length());
      assertEquals(true, labels.add(entry.user().label()));
      assertEquals(true, keys.add(entry.keySha256()));
    }
  }
}
