package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.licence.Edition;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One lock for every writer of users.json: {@code users.json.lock}, and nothing else. */
class UsersFileLockTest {

  private static final Edition ROOMY =
      UsersFileTest.licensed(1000, Instant.now().plus(Duration.ofDays(1)));

  @TempDir Path data;

  private FileChannel open(String name) throws Exception {
    return FileChannel.open(
        data.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  @Test
  void the_lock_is_users_json_lock_beside_the_file() {
    assertEquals(data.resolve("users.json.lock"), UsersFile.in(data, () -> ROOMY).lockPath());
    assertEquals(
        data.resolve("other.json.lock"),
        UsersFile.at(data.resolve("other.json"), () -> ROOMY).lockPath());
  }

  @Test
  void two_writers_adding_and_changing_at_once_lose_nothing() throws Exception {
    UsersFile first = UsersFile.in(data, () -> ROOMY);
    UsersFile second = UsersFile.in(data, () -> ROOMY); // another writer on the same file
    first.add("shared", "free", "shared@example.com", null);
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> changes = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (UsersFile users : List.of(first, second)) {
        String label = (users == first ? "a" : "b") + i;
        String plan = i % 2 == 0 ? "pro" : "enterprise";
        changes.add(
            pool.submit(
                () -> {
                  start.await();
                  users.add(label, "free", label + "@example.com", null);
                  return users.changePlan("shared", plan);
                }));
      }
    }
    start.countDown();
    for (Future<?> change : changes) {
      change.get();
    }
    pool.shutdown();

    Set<String> labels = first.list().stream().map(User::label).collect(Collectors.toSet());
    assertEquals(2 * each + 1, labels.size());
    for (int i = 0; i < each; i++) {
      assertTrue(labels.contains("a" + i) && labels.contains("b" + i), "a" + i + ", b" + i);
    }
  }

  @Test
  void a_writer_waits_for_another_holder_of_users_json_lock_then_writes() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    UsersFile users =
        UsersFile.in(data, () -> ROOMY).waitingForLock(Duration.ofMinutes(5), waiting::countDown);
    users.add("before", "free", "before@example.com", null);
    byte[] before = Files.readAllBytes(data.resolve("users.json"));

    CompletableFuture<NewUser> add;
    try (FileChannel channel = open("users.json.lock");
        FileLock held = channel.lock()) {
      add = CompletableFuture.supplyAsync(() -> users.add("after", "pro", "a@example.com", null));
      assertTrue(waiting.await(1, TimeUnit.MINUTES), "the writer never said it was waiting");
      assertFalse(add.isDone(), "wrote while the lock was held: " + add);
      assertArrayEquals(before, Files.readAllBytes(data.resolve("users.json")));
    }
    assertEquals("after", add.get(1, TimeUnit.MINUTES).user().label());
    assertEquals(List.of("before", "after"), users.list().stream().map(User::label).toList());
  }

  @Test
  void a_writer_gives_up_cleanly_when_the_lock_stays_held() throws Exception {
    UsersFile users = UsersFile.in(data, () -> ROOMY);
    users.add("before", "free", "before@example.com", null);
    byte[] before = Files.readAllBytes(data.resolve("users.json"));
    List<String> told = new ArrayList<>();

    try (FileChannel channel = open("users.json.lock");
        FileLock held = channel.lock()) {
      AccountsException busy =
          assertThrows(
              AccountsException.class,
              () ->
                  users
                      .waitingForLock(Duration.ofMillis(200), () -> told.add("waiting"))
                      .add("after", "free", "a@example.com", null));
      assertEquals(AccountsException.Kind.BUSY, busy.kind());
      assertEquals("users_file_busy", busy.code());
      assertEquals(
          "Another writer is changing users.json (it holds users.json.lock); nothing was changed:"
              + " try again.",
          busy.detail());
    }
    assertEquals(List.of("waiting"), told);
    assertArrayEquals(before, Files.readAllBytes(data.resolve("users.json")));
    users.add("after", "free", "a@example.com", null); // released: the next writer gets in
  }

  @Test
  void no_other_file_is_a_lock_not_even_the_old_launchers() throws Exception {
    UsersFile users =
        UsersFile.in(data, () -> ROOMY)
            .waitingForLock(
                Duration.ZERO,
                () -> {
                  throw new AssertionError("waited for a file that is not the lock");
                });
    Files.writeString(data.resolve("users.json"), "{\"users\":[]}");
    try (FileChannel old = open(".users.json.lock");
        FileLock heldOld = old.lock();
        FileChannel file = open("users.json");
        FileLock heldFile = file.lock()) {
      users.add("alice", "free", "alice@example.com", null);
    }
    assertEquals(1, users.list().size());
  }
}
