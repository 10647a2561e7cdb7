package io.paramant.admin.users;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.accounts.UsersFile;
import io.paramant.admin.AdminException;
import io.paramant.licence.Edition;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's face of the shared writer: each refusal of the accounts module keeps its code and
 * sentence and gets the admin API's status (the writer itself is tested in the accounts module).
 */
class UsersStoreTest {

  private static final Edition COMMUNITY =
      Edition.resolve(Optional.empty(), Optional.empty(), Instant.now());

  @TempDir Path data;

  private UsersStore store() {
    return new UsersStore(
        UsersFile.in(data, () -> COMMUNITY).waitingForLock(Duration.ofMillis(100), () -> {}));
  }

  private static AdminException refused(Executable action) {
    return assertThrows(AdminException.class, action);
  }

  @Test
  void refusals_keep_their_code_and_sentence_and_get_the_admin_apis_status() throws Exception {
    UsersStore store = store();
    for (int i = 1; i <= 5; i++) {
      store.add("u" + i, "free", "u" + i + "@example.com", null);
    }

    AdminException cap = refused(() -> store.add("u6", "free", "u6@example.com", null));
    assertEquals(402, cap.status());
    assertEquals("edition_limit", cap.code());
    assertEquals(
        "This edition allows 5 active users and 5 are active: revoke one, or install a licence"
            + " (PLK_KEY) for more.",
        cap.detail());
    assertEquals(409, refused(() -> store.add("u1", "free", "a@b.c", null)).status());
    assertEquals(400, refused(() -> store.add("u7", "gold", "a@b.c", null)).status());
    assertEquals(404, refused(() -> store.revoke("nobody")).status());

    byte[] before = Files.readAllBytes(data.resolve("users.json"));
    try (FileChannel channel =
            FileChannel.open(data.resolve("users.json.lock"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      AdminException busy = refused(() -> store.revoke("u1"));
      assertEquals(503, busy.status());
      assertEquals("users_file_busy", busy.code());
    }
    assertArrayEquals(before, Files.readAllBytes(data.resolve("users.json")));

    Files.writeString(data.resolve("users.json"), "{\"users\": [");
    AdminException broken = refused(store::list);
    assertEquals(409, broken.status());
    assertEquals("users_file_invalid", broken.code());
  }
}
