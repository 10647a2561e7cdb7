package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code paramant admin --users-file}: users.json changed with the console's own writer, for when
 * the console is down. Without a licence in the environment (the build removes PLK_KEY) this is the
 * Community Edition.
 */
class AdminUsersFileTest {

  @TempDir Path data;

  private StringWriter out;
  private StringWriter err;

  private Path file() {
    return data.resolve("users.json");
  }

  private int admin(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--users-file", file().toString()));
    CommandLine cli = Paramant.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(all.toArray(String[]::new));
  }

  private int add(String label) {
    return admin("add", "--label", label, "--plan", "free", "--email", label + "@example.com");
  }

  @Test
  void the_sixth_active_user_is_exit_5_with_the_consoles_sentence_and_the_file_unchanged()
      throws Exception {
    for (int i = 1; i <= 5; i++) {
      assertEquals(0, add("u" + i), err::toString);
      assertTrue(out.toString().matches("pgp_[0-9a-f]{64}\\R"), out::toString);
    }
    byte[] before = Files.readAllBytes(file());

    assertEquals(5, add("u6"));

    assertEquals("", out.toString());
    assertEquals(
        List.of(
            "paramant admin: Community Edition (up to 5 active users): PLK_KEY is not set",
            "paramant admin add: This edition allows 5 active users and 5 are active: revoke one,"
                + " or install a licence (PLK_KEY) for more."),
        err.toString().lines().toList());
    assertArrayEquals(before, Files.readAllBytes(file()));

    assertEquals(0, admin("revoke", "--label", "u1"), err::toString);
    assertEquals(0, add("u6"), err::toString);
    assertEquals(5, admin("activate", "--label", "u1"), err::toString);
  }

  @Test
  void list_plan_and_refusals_end_in_the_admin_exit_codes() {
    assertEquals(0, add("alice"));
    assertEquals(0, admin("plan", "--label", "alice", "--plan", "enterprise"), err::toString);
    assertEquals(0, admin("list"));
    String line = out.toString().strip();
    assertTrue(line.startsWith("alice\tenterprise\tactive\talice@example.com\t-\t"), line);
    assertTrue(line.endsWith("\taccount:alice"), "the device namespace, last: " + line);
    assertEquals(
        0,
        admin(
            "add",
            "--label",
            "bob",
            "--plan",
            "pro",
            "--email",
            "bob@example.com",
            "--team",
            "ward-7"));
    assertTrue(out.toString().matches("pgp_[0-9a-f]{64}\\R"), "the key alone on stdout");
    assertTrue(err.toString().contains(" with device namespace team:ward-7;"), err::toString);
    assertEquals(0, admin("list"));
    assertTrue(out.toString().contains("\tward-7\t"), out::toString);
    assertEquals(
        List.of("account:alice", "team:ward-7"),
        out.toString().lines().map(l -> l.substring(l.lastIndexOf('\t') + 1)).sorted().toList());

    assertEquals(5, add("alice"), "duplicate label");
    assertTrue(err.toString().contains("A user labelled 'alice' already exists."), err::toString);
    assertEquals(6, admin("revoke", "--label", "nobody"));
    assertEquals(2, admin("plan", "--label", "alice", "--plan", "gold"));
    assertEquals(2, admin("add", "--label", "a b", "--plan", "free", "--email", "x@example.com"));
    assertEquals(2, admin("sync"), "only the console tells the sectors");
    assertEquals(2, admin("list", "--admin", "http://127.0.0.1:4200/"));
  }

  @Test
  void another_writer_holding_users_json_lock_is_waited_for_then_exit_4() throws Exception {
    assertEquals(0, add("alice"));
    byte[] before = Files.readAllBytes(file());
    try (FileChannel channel =
            FileChannel.open(data.resolve("users.json.lock"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertEquals(4, admin("revoke", "--label", "alice", "--lock-wait", "0"));
    }
    assertEquals(
        List.of(
            "paramant admin: waiting up to 0 s for "
                + data.resolve("users.json.lock")
                + " (another writer is changing the users)",
            "paramant admin revoke: Another writer is changing users.json (it holds"
                + " users.json.lock); nothing was changed: try again."),
        err.toString().lines().toList());
    assertArrayEquals(before, Files.readAllBytes(file()));
  }
}
