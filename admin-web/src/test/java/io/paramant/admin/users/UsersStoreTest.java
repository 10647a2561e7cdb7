package io.paramant.admin.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.admin.AdminException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersStoreTest {

  @TempDir Path data;

  private UsersStore store(int cap) {
    return new UsersStore(data, () -> cap);
  }

  private JsonObject fileJson() throws Exception {
    return Json.createReader(new StringReader(Files.readString(data.resolve("users.json"))))
        .readObject();
  }

  @Test
  void addWritesOnlyTheDigestOfANewKeyAndReturnsTheKeyOnce() throws Exception {
    NewUser alice = store(5).add("alice", "pro", "alice@example.com", null);

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
    assertFalse(entry.containsKey("team"));
    assertFalse(Files.readString(data.resolve("users.json")).contains(alice.key()));
    assertFalse(alice.toString().contains(alice.key()));
  }

  @Test
  void theSixthActiveUserIsRefusedWith402AndRevokingMakesRoom() {
    UsersStore store = store(5);
    for (int i = 1; i <= 5; i++) {
      store.add("u" + i, "free", "u" + i + "@example.com", null);
    }
    AdminException refused =
        assertThrows(AdminException.class, () -> store.add("u6", "free", "u6@example.com", null));
    assertEquals(402, refused.status());
    assertEquals("edition_limit", refused.code());
    assertEquals(5, store.list().size());

    store.revoke("u1");
    store.add("u6", "free", "u6@example.com", null);
    AdminException again = assertThrows(AdminException.class, () -> store.activate("u1"));
    assertEquals(402, again.status());
    assertFalse(store.list().get(0).active());
  }

  @Test
  void duplicateLabelsAndBadFieldsAreRefusedWithoutTouchingTheFile() throws Exception {
    UsersStore store = store(5);
    store.add("alice", "free", "alice@example.com", null);
    String before = Files.readString(data.resolve("users.json"));

    assertEquals(
        "label_taken",
        assertThrows(AdminException.class, () -> store.add("alice", "pro", "a@b.c", null)).code());
    assertEquals(
        "invalid_plan",
        assertThrows(AdminException.class, () -> store.add("bob", "gold", "a@b.c", null)).code());
    assertEquals(
        "invalid_label",
        assertThrows(AdminException.class, () -> store.add("../x", "free", "a@b.c", null)).code());
    assertEquals(
        "invalid_email",
        assertThrows(AdminException.class, () -> store.add("bob", "free", "nope", null)).code());
    assertEquals(
        "invalid_team",
        assertThrows(AdminException.class, () -> store.add("bob", "free", "a@b.c", "a b")).code());
    assertEquals(404, assertThrows(AdminException.class, () -> store.revoke("nobody")).status());
    assertEquals(before, Files.readString(data.resolve("users.json")));
  }

  @Test
  void unknownFieldsAndEntriesWrittenByHandAreKept() throws Exception {
    Files.writeString(
        data.resolve("users.json"),
        "{\"note\":\"kept\",\"users\":[{\"label\":\"old\",\"plan\":\"enterprise\","
            + "\"key_sha256\":\""
            + "a".repeat(64)
            + "\",\"custom\":{\"x\":1}}]}");
    UsersStore store = store(5);
    store.changePlan("old", "pro");
    store.add("new", "free", "n@example.com", "t1");

    JsonObject root = fileJson();
    assertEquals("kept", root.getString("note"));
    JsonObject old = root.getJsonArray("users").getJsonObject(0);
    assertEquals("pro", old.getString("plan"));
    assertEquals(1, old.getJsonObject("custom").getInt("x"));
    assertEquals("a".repeat(64), old.getString("key_sha256"));
    assertEquals("t1", root.getJsonArray("users").getJsonObject(1).getString("team"));
  }

  @Test
  void revokeAndActivateAreIdempotentAndChangeTheDigestOnlyWhenTheFileChanges() {
    UsersStore store = store(5);
    store.add("alice", "free", "alice@example.com", null);
    String added = store.sha256();
    store.revoke("alice");
    String revoked = store.sha256();
    assertNotEquals(added, revoked);
    store.revoke("alice");
    assertEquals(revoked, store.sha256());
    store.activate("alice");
    assertTrue(store.list().get(0).active());
  }

  @Test
  void aBrokenFileIsRefusedButStillHasADigest() throws Exception {
    byte[] broken = "{\"users\": [".getBytes(StandardCharsets.UTF_8);
    Files.write(data.resolve("users.json"), broken);
    UsersStore store = store(5);
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(broken)),
        store.sha256());
    AdminException refused =
        assertThrows(AdminException.class, () -> store.add("a", "free", "a@b.c", null));
    assertEquals("users_file_invalid", refused.code());
    assertTrue(java.util.Arrays.equals(broken, Files.readAllBytes(data.resolve("users.json"))));
  }

  @Test
  void anAbsentFileIsAnEmptyList() {
    UsersStore store = store(5);
    assertEquals(List.of(), store.list());
    assertNull(store.sha256());
  }

  @Test
  void twoAdminsAddingAtOnceLoseNothing() throws Exception {
    UsersStore first = store(1000);
    UsersStore second = new UsersStore(data, () -> 1000); // another writer on the same file
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> adds = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (UsersStore store : List.of(first, second)) {
        String label = (store == first ? "a" : "b") + i;
        adds.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.add(label, "free", label + "@example.com", null);
                }));
      }
    }
    start.countDown();
    for (Future<?> add : adds) {
      add.get();
    }
    pool.shutdown();

    Set<String> labels = first.list().stream().map(User::label).collect(Collectors.toSet());
    assertEquals(2 * each, labels.size());
    assertEquals(2 * each, fileJson().getJsonArray("users").size());
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws Exception {
    UsersStore store = store(5);
    store.add("alice", "free", "alice@example.com", null);
    store.revoke("alice");
    try (var files = Files.list(data)) {
      assertEquals(
          Set.of("users.json", "users.json.lock"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }
}
