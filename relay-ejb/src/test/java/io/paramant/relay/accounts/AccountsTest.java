package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.GuessThrottle;
import io.paramant.accounts.Plan;
import io.paramant.relay.RateLimitedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

  private static final String ADMIN_TOKEN = "a".repeat(48);
  private static final String ALICE_KEY = "pgp_" + "1".repeat(64);
  private static final String BOB_KEY = "pgp_" + "2".repeat(64);

  @TempDir Path data;

  @Test
  void active_key_authenticates_to_its_account() throws IOException {
    writeUsers(user("alice", "pro", ALICE_KEY, true, "t1"));
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    Account alice = accounts.authenticate(ALICE_KEY);

    assertEquals(new Account("alice", Plan.PRO, "alice@example.com", true, "t1", null), alice);
  }

  @Test
  void unknown_revoked_missing_and_licence_keys_are_refused_with_distinct_codes()
      throws IOException {
    writeUsers(user("alice", "pro", ALICE_KEY, false, null));
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    assertEquals("invalid_key", code(() -> accounts.authenticate(ALICE_KEY)));
    assertEquals("invalid_key", code(() -> accounts.authenticate(BOB_KEY)));
    assertEquals("missing_key", code(() -> accounts.authenticate(null)));
    assertEquals("missing_key", code(() -> accounts.authenticate("")));
    assertEquals("licence_key_refused", code(() -> accounts.authenticate("plk_" + "1".repeat(64))));
    assertFalse(accounts.find("plk_anything").isPresent());
  }

  @Test
  void changed_file_is_picked_up_by_the_poll() throws IOException {
    writeUsers(user("alice", "free", ALICE_KEY, true, null));
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);
    assertTrue(accounts.find(ALICE_KEY).isPresent());

    writeUsers(
        user("alice", "free", ALICE_KEY, false, null),
        user("bob", "enterprise", BOB_KEY, true, null));
    accounts.reloadIfChanged();

    assertFalse(accounts.find(ALICE_KEY).isPresent());
    assertEquals(Plan.ENTERPRISE, accounts.authenticate(BOB_KEY).plan());
  }

  @Test
  void broken_file_keeps_the_last_good_state() throws IOException {
    writeUsers(user("alice", "pro", ALICE_KEY, true, null));
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    for (String broken :
        new String[] {
          "{not json",
          "[]",
          "{\"users\":{}}",
          "{\"users\":[" + user("bob", "platinum", BOB_KEY, true, null) + "]}",
          "{\"users\":["
              + user("bob", "pro", BOB_KEY, true, null)
              + ","
              + user("bob", "pro", ALICE_KEY, true, null)
              + "]}",
          "{\"users\":[{\"label\":\"bob\",\"plan\":\"pro\",\"key_sha256\":\"XYZ\"}]}",
          "{\"users\":[{\"label\":\"bob\",\"plan\":\"pro\",\"key_sha256\":\""
              + "a".repeat(64)
              + "\",\"active\":\"yes\"}]}"
        }) {
      replaceUsersFile(broken);
      accounts.reloadIfChanged();
      assertEquals("alice", accounts.authenticate(ALICE_KEY).label(), broken);
      assertFalse(accounts.find(BOB_KEY).isPresent(), broken);
      assertEquals("users_file_invalid", code(accounts::reload), broken);
    }
  }

  @Test
  void unknown_fields_are_ignored() throws IOException {
    Files.writeString(
        data.resolve("users.json"),
        "{\"version\":3,\"users\":[{\"label\":\"alice\",\"plan\":\"free\",\"key_sha256\":\""
            + sha256Hex(ALICE_KEY)
            + "\",\"created\":\"2026-11-26T10:00:00Z\",\"future\":{\"x\":1}}]}");
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    assertEquals(1, accounts.reload().users());
    assertTrue(accounts.authenticate(ALICE_KEY).active());
    assertEquals("2026-11-26T10:00:00Z", accounts.authenticate(ALICE_KEY).created());
  }

  @Test
  void created_is_kept_as_written_and_must_be_a_string() throws IOException {
    String created = "26 Nov 2026, morning";
    Files.writeString(
        data.resolve("users.json"),
        "{\"users\":[{\"label\":\"alice\",\"plan\":\"free\",\"key_sha256\":\""
            + sha256Hex(ALICE_KEY)
            + "\",\"created\":\""
            + created
            + "\"}]}");
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);
    assertEquals(created, accounts.authenticate(ALICE_KEY).created());

    replaceUsersFile(
        "{\"users\":[{\"label\":\"alice\",\"plan\":\"free\",\"key_sha256\":\""
            + sha256Hex(ALICE_KEY)
            + "\",\"created\":1764151200}]}");
    assertEquals("users_file_invalid", code(accounts::reload));
  }

  @Test
  void state_names_the_exact_bytes_in_force_and_counts_active_accounts() throws IOException {
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);
    UsersState none = accounts.state();
    assertEquals(null, none.usersSha256());
    assertEquals(0, none.users());

    // odd white space and field order: the digest is over the bytes, not over a re-encoding
    String file =
        "{ \"users\" : [\n  "
            + user("alice", "pro", ALICE_KEY, true, null)
            + ",\n  "
            + user("bob", "free", BOB_KEY, false, null)
            + "\n] }\n";
    replaceUsersFile(file);
    UsersState reloaded = accounts.reload();

    assertEquals(sha256Hex(file), reloaded.usersSha256());
    assertEquals(2, reloaded.users());
    assertEquals(1, reloaded.active());
    assertEquals(reloaded, accounts.state());
    assertTrue(!reloaded.loadedAt().isBefore(none.loadedAt()));
  }

  @Test
  void a_refused_file_leaves_the_digest_of_the_file_in_force() throws IOException {
    String good = "{\"users\":[" + user("alice", "pro", ALICE_KEY, true, null) + "]}";
    replaceUsersFile(good);
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    replaceUsersFile("{\"users\":[" + user("bob", "platinum", BOB_KEY, true, null) + "]}");
    accounts.reloadIfChanged();

    assertEquals(sha256Hex(good), accounts.state().usersSha256());
    assertEquals(1, accounts.state().users());
  }

  @Test
  void team_of_a_caller_comes_from_the_file_in_force() throws IOException {
    writeUsers(
        user("lead", "pro", ALICE_KEY, true, null),
        user("scanner", "pro", BOB_KEY, false, "lead"),
        user("other", "pro", "pgp_" + "3".repeat(64), true, "elsewhere"));
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    Team team = accounts.teamOf(accounts.authenticate(ALICE_KEY));

    assertEquals("lead", team.name());
    assertEquals(
        java.util.List.of("lead", "scanner"), team.members().stream().map(Account::label).toList());
    assertTrue(accounts.labelExists("scanner"));
    assertFalse(accounts.labelExists("nobody"));
  }

  @Test
  void absent_file_means_no_accounts_but_loaded() {
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    assertTrue(accounts.loaded());
    assertFalse(accounts.find(ALICE_KEY).isPresent());
  }

  @Test
  void admin_token_is_checked_and_must_be_long_enough() {
    Accounts accounts = new Accounts(data, ADMIN_TOKEN);

    accounts.verifyAdmin("10.0.0.1", ADMIN_TOKEN);
    assertEquals(
        "invalid_admin_token", code(() -> accounts.verifyAdmin("10.0.0.1", ADMIN_TOKEN + "x")));
    assertEquals("invalid_admin_token", code(() -> accounts.verifyAdmin("10.0.0.1", null)));
    assertThrows(IllegalStateException.class, () -> new Accounts(data, "short"));
    assertThrows(IllegalStateException.class, () -> new Accounts(data, null));
  }

  @Test
  void wrong_admin_tokens_are_slowed_down_per_address_and_the_right_one_waits_too() {
    long[] nanos = {0};
    Accounts accounts = new Accounts(data, ADMIN_TOKEN, new GuessThrottle(() -> nanos[0]));
    for (int i = 0; i < 3; i++) {
      assertEquals("invalid_admin_token", code(() -> accounts.verifyAdmin("10.0.0.1", "x")));
    }
    RateLimitedException fourth =
        assertThrows(RateLimitedException.class, () -> accounts.verifyAdmin("10.0.0.1", "x"));
    assertEquals("too_many_attempts", fourth.code());
    assertEquals(1, fourth.retryAfterSeconds());

    // while the door is closed, even the right token is not looked at; other addresses go on
    RateLimitedException waiting =
        assertThrows(
            RateLimitedException.class, () -> accounts.verifyAdmin("10.0.0.1", ADMIN_TOKEN));
    assertEquals("too_many_attempts", waiting.code());
    accounts.verifyAdmin("10.0.0.2", ADMIN_TOKEN);

    nanos[0] += 1_000_000_000L;
    accounts.verifyAdmin("10.0.0.1", ADMIN_TOKEN); // the door opened, and a success clears it
    assertEquals("invalid_admin_token", code(() -> accounts.verifyAdmin("10.0.0.1", "x")));
  }

  private static String code(Runnable action) {
    try {
      action.run();
    } catch (io.paramant.relay.RelayException e) {
      return e.code();
    }
    throw new AssertionError("no RelayException");
  }

  private void writeUsers(String... users) throws IOException {
    replaceUsersFile("{\"users\":[" + String.join(",", users) + "]}");
  }

  /** As the admin tools do: a new file renamed over the old one. */
  private void replaceUsersFile(String content) throws IOException {
    Path temp = Files.createTempFile(data, "users", ".tmp");
    Files.writeString(temp, content);
    Files.move(
        temp,
        data.resolve("users.json"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static String user(String label, String plan, String key, boolean active, String team) {
    return "{\"label\":\""
        + label
        + "\",\"plan\":\""
        + plan
        + "\",\"email\":\""
        + label
        + "@example.com\",\"active\":"
        + active
        + ",\"key_sha256\":\""
        + sha256Hex(key)
        + "\""
        + (team == null ? "" : ",\"team\":\"" + team + "\"")
        + "}";
  }

  private static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
