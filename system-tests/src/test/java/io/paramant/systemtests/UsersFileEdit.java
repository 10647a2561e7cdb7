package io.paramant.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** An operator's hand edit of users.json: read, change, write a temporary file, rename it over. */
final class UsersFileEdit {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UsersFileEdit() {}

  /** Sets {@code active: false} on the account {@code label}. */
  static void deactivate(Path usersFile, String label) {
    try {
      JsonNode root = JSON.readTree(usersFile.toFile());
      boolean found = false;
      for (JsonNode user : root.get("users")) {
        if (label.equals(user.path("label").asText())) {
          ((ObjectNode) user).put("active", false);
          found = true;
        }
      }
      if (!found) {
        throw new IllegalArgumentException("no user " + label + " in " + usersFile);
      }
      Path tmp = Files.createTempFile(usersFile.getParent(), ".users.json.", ".edit");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(
          tmp, usersFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
