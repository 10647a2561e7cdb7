package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reader of users.json: every refusal, with the relays' exact sentence. */
class UsersJsonTest {

  private static final String KEY_A = "a".repeat(64);
  private static final String KEY_B = "b".repeat(64);

  private static List<UsersJson.Entry> read(String json) {
    return UsersJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static InvalidUsersFile refused(String json) {
    return assertThrows(InvalidUsersFile.class, () -> read(json));
  }

  private static String users(String... entries) {
    return "{\"users\":[" + String.join(",", entries) + "]}";
  }

  @Test
  void a_valid_file_gives_every_account_in_order_with_its_plan_and_digest() {
    List<UsersJson.Entry> entries =
        read(
            users(
                "{\"label\":\"alice\",\"plan\":\"pro\",\"key_sha256\":\""
                    + KEY_A
                    + "\",\"email\":\"a@example.com\",\"created\":\"2026-01-01T00:00:00Z\","
                    + "\"custom\":[1,2]}",
                "{\"label\":\"bob\",\"plan\":\"free\",\"key_sha256\":\""
                    + KEY_B
                    + "\",\"active\":false,\"team\":\"alice\",\"email\":null}"));

    assertEquals(2, entries.size());
    assertEquals(
        new User("alice", "pro", "a@example.com", true, "2026-01-01T00:00:00Z", null),
        entries.get(0).user());
    assertEquals(Plan.PRO, entries.get(0).plan());
    assertEquals(KEY_A, entries.get(0).keySha256());
    assertEquals(new User("bob", "free", null, false, null, "alice"), entries.get(1).user());
    assertEquals("Entry[alice]", entries.get(0).toString());
  }

  @Test
  void an_empty_users_array_is_no_accounts() {
    assertEquals(List.of(), read("{\"users\":[],\"note\":1}"));
  }

  @Test
  void a_document_that_is_not_a_users_object_is_refused() {
    InvalidUsersFile array = refused("[]");
    assertEquals(InvalidUsersFile.Kind.NOT_AN_OBJECT, array.kind());
    assertTrue(array.getMessage().startsWith("users.json is not a JSON object: "));
    assertEquals(InvalidUsersFile.Kind.NOT_AN_OBJECT, refused("{\"users\":[").kind());
    assertEquals(InvalidUsersFile.Kind.NOT_AN_OBJECT, refused("{\"a\":1e9999999999}").kind());

    InvalidUsersFile none = refused("{\"users\":{}}");
    assertEquals(InvalidUsersFile.Kind.NO_USERS_ARRAY, none.kind());
    assertEquals("users.json needs a \"users\" array", none.getMessage());
  }

  @Test
  void an_entry_without_a_label_is_refused_by_position() {
    assertRefused(InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL, "users[0] is not an object", "1");
    assertRefused(
        InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL,
        "users[1]: \"label\" is required",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}",
        "{\"plan\":\"free\",\"key_sha256\":\"" + KEY_B + "\"}");
    assertRefused(
        InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL,
        "users[0]: \"label\" is required",
        "{\"label\":\" \",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}");
    assertRefused(
        InvalidUsersFile.Kind.ENTRY_WITHOUT_LABEL,
        "users[0]: \"label\" must be a string",
        "{\"label\":7,\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}");
  }

  @Test
  void a_bad_field_is_refused_naming_the_account() {
    assertRefused(
        "user 'a': \"plan\" is required", "{\"label\":\"a\",\"key_sha256\":\"" + KEY_A + "\"}");
    assertRefused(
        "user 'a': unknown plan 'platinum'",
        "{\"label\":\"a\",\"plan\":\"platinum\",\"key_sha256\":\"" + KEY_A + "\"}");
    assertRefused("user 'a': \"key_sha256\" is required", "{\"label\":\"a\",\"plan\":\"free\"}");
    assertRefused(
        "user 'a': key_sha256 must be 64 lowercase hex digits",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + "A".repeat(64) + "\"}");
    assertRefused(
        "user 'a': \"active\" must be true or false",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\",\"active\":\"yes\"}");
    assertRefused(
        "user 'a': \"active\" must be true or false",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\",\"active\":null}");
    assertRefused(
        "user 'a': \"created\" must be a string",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\",\"created\":1}");
    assertRefused(
        "user 'a': \"team\" must be a string",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\",\"team\":[]}");
    assertRefused(
        "user 'a': \"email\" must be a string",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\",\"email\":{}}");
  }

  @Test
  void a_label_or_a_key_listed_twice_is_refused() {
    assertRefused(
        "user 'a': duplicate label",
        "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}",
        "{\"label\":\"a\",\"plan\":\"pro\",\"key_sha256\":\"" + KEY_B + "\"}");
    InvalidUsersFile twice =
        refused(
            users(
                "{\"label\":\"a\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}",
                "{\"label\":\"b\",\"plan\":\"free\",\"key_sha256\":\"" + KEY_A + "\"}"));
    assertEquals("user 'b': the same key is listed twice", twice.getMessage());
    assertTrue(!twice.getMessage().contains(KEY_A), "never a digest in a message");
  }

  private static void assertRefused(String message, String... entries) {
    assertRefused(InvalidUsersFile.Kind.INVALID_ENTRY, message, entries);
  }

  private static void assertRefused(InvalidUsersFile.Kind kind, String message, String... entries) {
    InvalidUsersFile e = refused(users(entries));
    assertEquals(kind, e.kind());
    assertEquals(message, e.getMessage());
  }
}
