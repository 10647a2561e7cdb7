package io.paramant.admin.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.admin.AdminException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * users.json as the console reads it: any bytes (a hand edit, a broken restore). {@link
 * UsersFile#read} may only refuse with {@link AdminException} 409 {@code users_file_invalid}, and
 * the entries of a file it accepts show as users without failing. Seeds and findings:
 * src/test/resources/io/paramant/admin/users/UsersFileFuzzTestInputs/.
 */
class UsersFileFuzzTest {

  @TempDir static Path directory;

  @FuzzTest
  void read(byte[] content) throws IOException {
    Path file = Files.write(directory.resolve("users.json"), content);
    UsersFile.Snapshot snapshot;
    try {
      snapshot = new UsersFile(file).read();
    } catch (AdminException refused) {
      assertEquals(409, refused.status());
      assertEquals("users_file_invalid", refused.code());
      return;
    }
    assertEquals(UsersFile.sha256(content), snapshot.sha256());
    assertEquals(snapshot.users().size(), snapshot.view().size());
  }
}
