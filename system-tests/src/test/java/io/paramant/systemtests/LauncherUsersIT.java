package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.licence.LicenceIssuer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/paramant user add|revoke|list} while the admin console is down, on a data
 * directory of its own without a licence (the Community Edition; the harness's deployment is
 * licensed): the launcher runs the console's own writer through {@code bin/paramant admin
 * --users-file}, so the 6th active user is refused exactly as the console refuses it, and the one
 * lock, {@code users.json.lock}, is respected across processes. No relay and no console run here.
 *
 * <p>An operator-contract test: its subject is the launcher's work on the operator's files, so it
 * reads users.json (unchanged after a refusal, owner-only) and holds the lock file itself, as
 * another writer would; it never writes users.json.
 */
class LauncherUsersIT {

  private static final String CAP_SENTENCE =
      "This edition allows 5 active users and 5 are active: revoke one, or install a licence"
          + " (PLK_KEY) for more.";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  private Path data() {
    return temp.resolve("data");
  }

  private Path usersFile() {
    return data().resolve("users.json");
  }

  private ProcessBuilder launcher(Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("server-config/paramant").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    ParamantCommand.dropOperatorSettings(env);
    env.put("PARAMANT_ENV_FILE", "");
    env.put("PARAMANT_DATA", data().toString());
    env.putAll(extraEnv);
    return builder;
  }

  private Run run(Map<String, String> extraEnv, String... args) {
    try {
      Path out = Files.createTempFile(temp, "launcher-", ".out");
      Path err = Files.createTempFile(temp, "launcher-", ".err");
      Process process =
          launcher(extraEnv, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Run run(String... args) {
    return run(Map.of(), args);
  }

  private static String[] add(String label, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "user", "add", "--label", label, "--plan", "free", "--email", label + "@x.test"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static void assertAdded(Run add) {
    assertEquals(0, add.exit(), add::toString);
    assertTrue(add.out().strip().matches("pgp_[0-9a-f]{64}"), add::toString);
  }

  @Test
  void without_the_console_the_sixth_active_user_is_exit_5_with_the_consoles_sentence()
      throws IOException {
    for (int i = 1; i <= 5; i++) {
      assertAdded(run(add("ce" + i)));
    }
    byte[] before = Files.readAllBytes(usersFile());

    Run sixth = run(add("ce6"));

    assertEquals(5, sixth.exit(), sixth::toString);
    assertEquals("", sixth.out(), "no key for a refused user");
    assertTrue(
        sixth.err().lines().toList().contains("paramant admin add: " + CAP_SENTENCE),
        sixth::toString);
    assertArrayEquals(before, Files.readAllBytes(usersFile()), "the file is unchanged");
    assertEquals(
        PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(usersFile()));

    Run revoke = run("user", "revoke", "--label", "ce1");
    assertEquals(0, revoke.exit(), revoke::toString);
    assertAdded(run(add("ce6")));
    Run list = run("user", "list");
    assertEquals(0, list.exit(), list::toString);
    List<String> lines = list.out().lines().toList();
    assertEquals(6, lines.size(), list::toString);
    assertTrue(lines.get(0).startsWith("ce1\tfree\tinactive\tce1@x.test\t-\t"), lines.get(0));
    assertEquals(5, lines.stream().filter(l -> l.contains("\tactive\t")).count(), list::toString);
  }

  @Test
  void without_the_console_a_licence_in_the_environment_sets_the_cap() {
    KeyPair vendor = LicenceIssuer.generateKeyPair();
    Map<String, String> licensed = new LinkedHashMap<>();
    licensed.put(
        "PLK_KEY",
        LicenceIssuer.issue(
            vendor.getPrivate(), "Launcher test", Instant.now().plus(Duration.ofDays(1)), 6));
    licensed.put(
        "PARAMANT_LICENCE_PUBLIC_KEY",
        Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
    for (int i = 1; i <= 6; i++) {
      assertAdded(run(licensed, add("lic" + i)));
    }
    Run seventh = run(licensed, add("lic7"));
    assertEquals(5, seventh.exit(), seventh::toString);
    assertTrue(
        seventh.err().contains("This edition allows 6 active users and 6 are active"),
        seventh::toString);
  }

  @Test
  void an_add_waits_while_another_process_holds_users_json_lock_then_writes() throws Exception {
    assertAdded(run(add("first")));
    byte[] before = Files.readAllBytes(usersFile());
    Path out = temp.resolve("waiting.out");
    Path err = temp.resolve("waiting.err");
    Process add;
    try (FileChannel channel =
            FileChannel.open(data().resolve("users.json.lock"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      add =
          launcher(Map.of(), add("second"))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      String waiting =
          "paramant admin: waiting up to 30 s for "
              + data().resolve("users.json.lock")
              + " (another writer is changing the users)";
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!Files.readString(err).contains(waiting)) {
        assertTrue(add.isAlive(), () -> "ended without waiting: " + read(err));
        assertTrue(System.nanoTime() < deadline, () -> "never said it waits: " + read(err));
        Thread.sleep(100);
      }
      assertTrue(add.isAlive(), "gave up while the lock was held");
      assertArrayEquals(before, Files.readAllBytes(usersFile()), "wrote while the lock was held");
    }
    assertTrue(add.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "did not finish");
    assertEquals(0, add.exitValue(), () -> read(err));
    assertTrue(read(out).strip().matches("pgp_[0-9a-f]{64}"), () -> read(out));
    Run list = run("user", "list");
    assertEquals(
        List.of("first", "second"), list.out().lines().map(l -> l.split("\t")[0]).toList());
  }

  @Test
  void an_add_gives_up_cleanly_when_users_json_lock_stays_held() throws Exception {
    assertAdded(run(add("first")));
    byte[] before = Files.readAllBytes(usersFile());
    Run add;
    try (FileChannel channel =
            FileChannel.open(data().resolve("users.json.lock"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      add = run(add("second", "--lock-wait", "1"));
    }
    assertEquals(4, add.exit(), add::toString);
    assertEquals("", add.out());
    assertTrue(
        add.err()
            .contains(
                "paramant admin add: Another writer is changing users.json (it holds"
                    + " users.json.lock); nothing was changed: try again."),
        add::toString);
    assertArrayEquals(before, Files.readAllBytes(usersFile()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
