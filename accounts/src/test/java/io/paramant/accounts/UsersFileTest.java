package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.licence.Edition;
import io.paramant.licence.LicenceIssuer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

  static final Edition COMMUNITY =
      Edition.resolve(Optional.empty(), Optional.empty(), Instant.now());

  @TempDir Path data;

  private UsersFile community() {
    return UsersFile.in(data, () -> COMMUNITY);
  }

  /** An edition licensed for {@code users} active users, as a vendor issues it. */
  static Edition licensed(int users, Instant expires) {
    KeyPair vendor = LicenceIssuer.generateKeyPair();
    return Edition.resolve(
        Optional.of(LicenceIssuer.issue(vendor.getPrivate(), "Unit tests", expires, users)),
        Optional.of(Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded())),
        Instant.now());
  }

  private JsonObject fileJson() throws Exception {
    return Json.createReader(new StringReader(Files.readString(data.resolve("users.json"))))
        .readObject();
  }

  private byte[] fileBytes() throws Exception {
    return Files.readAllBytes(data.resolve("users.json"));
  }

  private static void addMany(UsersFile users, int count) {
    for (int i = 1; i <= count; i++) {
      users.add("u" + i, "free", "u" + i + "@example.com", null);
    }
  }

  @Test
  void add_writes_only_the_digest_of_a_new_key_and_returns_the_key_once() throws Exception {
    NewUser alice = community().add("alice", "pro", "alice@example.com", null);

    assertTrue(alice.key().matches("pgp_[0-9a-f]{64}"), alice.user().label());
    JsonObject entry = fileJson().getJsonArray("users").getJsonObject(0);
    String digest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(alice.key().getBytes(StandardCharsets.UTF_8)));
    assertEquals(digest, entry.getString("key_sha256"));
    assertEquals("alice", entry.getString("label"));
    assertEquals("pro", entry.getString("plan"));
    assertEquals("alice@example.com", entry.getString("email"));
    assertTrue(entry.getBoolean("active"));
    assertTrue(entry.getString("created").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertFalse(entry.containsKey("team"));
    assertFalse(Files.readString(data.resolve("users.json")).contains(alice.key()));
    assertFalse(alice.toString().contains(alice.key()));
  }

  @Test
  void the_community_edition_refuses_the_sixth_active_user_with_the_consoles_sentence()
      throws Exception {
    UsersFile users = community();
    addMany(users, 5);
    byte[] before = fileBytes();

    AccountsException refused =
        assertThrows(
            AccountsException.class, () -> users.add("u6", "free", "u6@example.com", null));

    assertEquals(AccountsException.Kind.EDITION_LIMIT, refused.kind());
    assertEquals("edition_limit", refused.code());
    assertEquals(
        "This edition allows 5 active users and 5 are active: revoke one, or install a licence"
            + " (PLK_KEY) for more.",
        refused.detail());
    assertArrayEquals(before, fileBytes(), "a refused add leaves the file as it was");
  }

  @Test
  void revoking_makes_room_and_reactivating_beyond_the_cap_is_refused() {
    UsersFile users = community();
    addMany(users, 5);

    users.revoke("u1");
    NewUser sixth = users.add("u6", "free", "u6@example.com", null);
    assertTrue(sixth.user().active());

    AccountsException again = assertThrows(AccountsException.class, () -> users.activate("u1"));
    assertEquals(AccountsException.Kind.EDITION_LIMIT, again.kind());
    assertFalse(users.list().get(0).active());
    assertEquals(5, users.list().stream().filter(User::active).count());
    assertEquals(6, users.list().size());
  }

  @Test
  void a_licence_sets_the_cap_and_an_expired_one_falls_back_to_the_community_cap() {
    Edition seven = licensed(7, Instant.now().plus(Duration.ofDays(1)));
    UsersFile users = UsersFile.in(data, () -> seven);
    addMany(users, 7);
    AccountsException refused =
        assertThrows(AccountsException.class, () -> users.add("u8", "free", "u8@x.example", null));
    assertTrue(
        refused.detail().startsWith("This edition allows 7 active users and 7 are active"),
        refused.detail());

    // the edition is asked at every change: a licence that has expired since counts as none
    UsersFile later = UsersFile.in(data, () -> seven.at(Instant.now().plus(Duration.ofDays(2))));
    later.revoke("u1");
    assertTrue(
        assertThrows(AccountsException.class, () -> later.activate("u1"))
            .detail()
            .startsWith("This edition allows 5 active users and 6 are active"));
  }

  @Test
  void duplicate_labels_and_bad_fields_are_refused_without_touching_the_file() throws Exception {
    UsersFile users = community();
    users.add("alice", "free", "alice@example.com", null);
    byte[] before = fileBytes();

    assertEquals(
        "label_taken",
        assertThrows(AccountsException.class, () -> users.add("alice", "pro", "a@b.c", null))
            .code());
    assertEquals(
        "invalid_plan",
        assertThrows(AccountsException.class, () -> users.add("bob", "gold", "a@b.c", null))
            .code());
    assertEquals(
        "invalid_label",
        assertThrows(AccountsException.class, () -> users.add("../x", "free", "a@b.c", null))
            .code());
    assertEquals(
        "invalid_email",
        assertThrows(AccountsException.class, () -> users.add("bob", "free", "nope", null)).code());
    assertEquals(
        "invalid_team",
        assertThrows(AccountsException.class, () -> users.add("bob", "free", "a@b.c", "a b"))
            .code());
    AccountsException nobody = assertThrows(AccountsException.class, () -> users.revoke("nobody"));
    assertEquals(AccountsException.Kind.NOT_FOUND, nobody.kind());
    assertEquals("not_found", nobody.code());
    assertArrayEquals(before, fileBytes());
  }

  @Test
  void unknown_fields_and_entries_written_by_hand_are_kept() throws Exception {
    Files.writeString(
        data.resolve("users.json"),
        "{\"note\":\"kept\",\"users\":[{\"label\":\"old\",\"plan\":\"enterprise\","
            + "\"key_sha256\":\""
            + "a".repeat(64)
            + "\",\"custom\":{\"x\":1}}]}");
    UsersFile users = community();
    users.changePlan("old", "pro");
    users.add("new", "free", "n@example.com", "t1");
    users.revoke("new");

    JsonObject root = fileJson();
    assertEquals("kept", root.getString("note"));
    JsonObject old = root.getJsonArray("users").getJsonObject(0);
    assertEquals("pro", old.getString("plan"));
    assertEquals(1, old.getJsonObject("custom").getInt("x"));
    assertEquals("a".repeat(64), old.getString("key_sha256"));
    assertFalse(old.containsKey("active"), "no field is added to an entry that is not changed");
    assertEquals("t1", root.getJsonArray("users").getJsonObject(1).getString("team"));
  }

  @Test
  void the_file_is_owner_only_even_when_it_was_not() throws Exception {
    Path file = data.resolve("users.json");
    Files.writeString(file, "{\"users\":[]}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    community().add("alice", "free", "alice@example.com", null);

    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(data.resolve("users.json.lock")));
  }

  @Test
  void revoke_and_activate_are_idempotent_and_write_only_when_something_changes() {
    List<String> written = new ArrayList<>();
    UsersFile users = community().afterWrite(written::add);
    users.add("alice", "free", "alice@example.com", null);
    String added = users.sha256();
    users.revoke("alice");
    String revoked = users.sha256();
    assertNotEquals(added, revoked);
    users.revoke("alice");
    assertEquals(revoked, users.sha256());
    users.activate("alice");
    users.activate("alice");
    assertTrue(users.list().get(0).active());
    assertEquals(List.of(added, revoked, users.sha256()), written);
  }

  @Test
  void a_broken_file_is_refused_but_still_has_a_digest() throws Exception {
    byte[] broken = "{\"users\": [".getBytes(StandardCharsets.UTF_8);
    Files.write(data.resolve("users.json"), broken);
    UsersFile users = community();
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(broken)),
        users.sha256());
    AccountsException refused =
        assertThrows(AccountsException.class, () -> users.add("a", "free", "a@b.c", null));
    assertEquals("users_file_invalid", refused.code());
    assertEquals(AccountsException.Kind.CONFLICT, refused.kind());
    assertArrayEquals(broken, fileBytes());
  }

  /**
   * One reader: a file the relays refuse (so no sector has it in force) is refused by the writer
   * too, rather than changed on top and reported done; its old refusals keep their sentences.
   */
  @Test
  void a_file_the_relays_refuse_is_not_changed_on_top() throws Exception {
    Path file = data.resolve("users.json");
    String unknownPlan =
        "{\"users\":[{\"label\":\"old\",\"plan\":\"gold\",\"key_sha256\":\""
            + "a".repeat(64)
            + "\"}]}";
    Files.writeString(file, unknownPlan);
    UsersFile users = community();

    AccountsException refused = assertThrows(AccountsException.class, () -> users.revoke("old"));
    assertEquals("users_file_invalid", refused.code());
    assertEquals(
        file + " is refused by the relays (user 'old': unknown plan 'gold'); fix it by hand first.",
        refused.detail());
    assertEquals(unknownPlan, Files.readString(file));
    assertEquals("users_file_invalid", assertThrows(AccountsException.class, users::list).code());

    Files.writeString(file, "{\"users\":[{\"plan\":\"free\"}]}");
    assertEquals(
        file + " has an entry without a label; fix it by hand first.",
        assertThrows(AccountsException.class, users::list).detail());
    Files.writeString(file, "{\"users\":7}");
    assertEquals(
        file + " has no \"users\" array; fix it by hand first.",
        assertThrows(AccountsException.class, users::list).detail());
    Files.writeString(file, "[]");
    assertEquals(
        file + " is not a JSON object; fix it by hand first.",
        assertThrows(AccountsException.class, users::list).detail());
  }

  @Test
  void an_absent_file_is_an_empty_list() {
    UsersFile users = community();
    assertEquals(List.of(), users.list());
    assertNull(users.sha256());
  }

  @Test
  void no_temporary_files_are_left_behind() throws Exception {
    UsersFile users = community();
    users.add("alice", "free", "alice@example.com", null);
    users.revoke("alice");
    try (var files = Files.list(data)) {
      assertEquals(
          Set.of("users.json", "users.json.lock"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }
}
