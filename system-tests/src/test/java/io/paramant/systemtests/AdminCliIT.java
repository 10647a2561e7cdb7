package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/paramant admin add|list|plan|revoke|activate|sync} against the real admin console: it
 * goes through the console's API (users.json is written by the console, every sector synced).
 */
class AdminCliIT {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  private Run admin(URI console, String token, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.add("admin");
    command.addAll(List.of(args));
    command.addAll(List.of("--admin", console.toString()));
    return exec(command, token);
  }

  private Run exec(List<String> command, String token) {
    try {
      Path out = Files.createTempFile(temp, "admin-", ".out");
      Path err = Files.createTempFile(temp, "admin-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(n -> n.startsWith("PARAMANT_") || n.equals("ADMIN_TOKEN"));
      if (token != null) {
        env.put("ADMIN_TOKEN", token);
      }
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish");
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

  /** {@code bin/paramant ARGS} without the admin defaults. */
  private Run paramant(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    return exec(command, null);
  }

  private Run admin(String... args) {
    return admin(Deployment.adminUri(), Deployment.adminToken(), args);
  }

  private static String listed(Run list, String label) {
    return list.out()
        .lines()
        .filter(l -> l.startsWith(label + "\t"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(label + " not listed: " + list));
  }

  @Test
  void addListPlanRevokeActivateThroughTheConsole() {
    String label = "cli-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    Run add =
        admin(
            "add",
            "--label",
            label,
            "--plan",
            "pro",
            "--email",
            label + "@example.test",
            "--team",
            "ward-7");
    assertEquals(0, add.exit(), add::toString);
    String key = add.out().strip();
    assertTrue(key.matches("pgp_[0-9a-f]{64}"), add::toString);
    assertTrue(add.err().contains("will not be shown again"), add::toString);

    RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));
    assertTrue(add.err().contains("with device namespace team:ward-7;"), add::toString);
    assertEquals(
        "{\"namespace\":\"team:ward-7\",\"plan\":\"pro\",\"valid\":true}",
        RelayApi.json(main.get("/v2/check-key", key)).toString());

    Run list = admin("list");
    assertEquals(0, list.exit(), list::toString);
    String line = listed(list, label);
    assertTrue(
        line.startsWith(label + "\tpro\tactive\t" + label + "@example.test\tward-7\t"), line);
    assertTrue(line.endsWith("\tteam:ward-7"), "the device namespace comes last: " + line);
    assertTrue(!list.out().contains(key), "keys are never listed");

    assertEquals(0, admin("plan", "--label", label, "--plan", "enterprise").exit());
    assertEquals(
        "{\"namespace\":\"team:ward-7\",\"plan\":\"enterprise\",\"valid\":true}",
        RelayApi.json(main.get("/v2/check-key", key)).toString());

    assertEquals(0, admin("revoke", "--label", label).exit());
    assertTrue(listed(admin("list"), label).contains("\tinactive\t"));
    assertEquals(401, main.get("/v2/monitor", key).statusCode());

    assertEquals(0, admin("activate", "--label", label).exit());
    assertEquals(200, main.get("/v2/monitor", key).statusCode());
  }

  @Test
  void refusalsEndInTheDocumentedExitCodes() {
    Run duplicate =
        admin("add", "--label", "st-free", "--plan", "free", "--email", "x@example.test");
    assertEquals(5, duplicate.exit(), duplicate::toString);
    assertTrue(duplicate.err().contains("(409)"), duplicate::toString);
    assertEquals("", duplicate.out());

    Run unknown = admin("revoke", "--label", "nobody-at-all");
    assertEquals(6, unknown.exit(), unknown::toString);

    Run badPlan = admin("plan", "--label", "st-free", "--plan", "gold");
    assertEquals(2, badPlan.exit(), badPlan::toString);

    Run noToken = admin(Deployment.adminUri(), null, "list");
    assertEquals(2, noToken.exit(), noToken::toString);
    assertTrue(noToken.err().contains("set ADMIN_TOKEN"), noToken::toString);

    Run nobodyThere = admin(URI.create("http://127.0.0.1:9/"), "x".repeat(40), "list");
    assertEquals(3, nobodyThere.exit(), nobodyThere::toString);
  }

  @Test
  void theCommunityEditionCapIsExit5WithTheConsolesWords() {
    CommunityConsole community = CommunityConsole.get();
    List<String> labels = new ArrayList<>();
    Run list = admin(community.uri(), community.adminToken(), "list");
    assertEquals(0, list.exit(), list::toString);
    long active = list.out().lines().filter(l -> l.contains("\tactive\t")).count();
    for (long i = active; i < 5; i++) {
      String label = "cli-ce-" + COUNTER.incrementAndGet();
      labels.add(label);
      Run add =
          admin(
              community.uri(),
              community.adminToken(),
              "add",
              "--label",
              label,
              "--plan",
              "free",
              "--email",
              label + "@example.test");
      assertEquals(0, add.exit(), add::toString);
    }
    Run sixth =
        admin(
            community.uri(),
            community.adminToken(),
            "add",
            "--label",
            "cli-ce-sixth",
            "--plan",
            "free",
            "--email",
            "six@example.test");
    assertEquals(5, sixth.exit(), sixth::toString);
    assertTrue(sixth.err().contains("(402)"), sixth::toString);
    assertTrue(sixth.err().contains("This edition allows 5 active users"), sixth::toString);

    // sync: the community console's sectors are all down
    Run sync = admin(community.uri(), community.adminToken(), "sync");
    assertEquals(3, sync.exit(), sync::toString);
    assertEquals(
        5, sync.out().lines().filter(l -> l.contains("\tout_of_sync\t")).count(), sync.out());
  }

  @Test
  void aVendorIssuesALicenceThatVerifiesOnlyWithItsKey() throws Exception {
    Path key = temp.resolve("vendor.key");
    Run keygen = paramant("licence", "keygen", "--private-key-file", key.toString());
    assertEquals(0, keygen.exit(), keygen::toString);
    String publicKey = keygen.out().strip();
    assertEquals(
        java.util.Set.of(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(key));
    assertEquals(
        1,
        paramant("licence", "keygen", "--private-key-file", key.toString()).exit(),
        "never overwrites");

    Run issue =
        paramant(
            "licence",
            "issue",
            "--private-key-file",
            key.toString(),
            "--to",
            "St. Example Hospital",
            "--expires",
            "2099-01-01",
            "--max-users",
            "50");
    assertEquals(0, issue.exit(), issue::toString);
    String licence = issue.out().strip();
    assertTrue(licence.startsWith("plk_"), licence);

    Run verify = paramant("licence", "verify", "--public-key", publicKey, licence);
    assertEquals(0, verify.exit(), verify::toString);
    assertTrue(verify.out().contains("St. Example Hospital"), verify::toString);

    Path other = temp.resolve("other.key");
    String otherPublic =
        paramant("licence", "keygen", "--private-key-file", other.toString()).out().strip();
    assertEquals(1, paramant("licence", "verify", "--public-key", otherPublic, licence).exit());
    assertEquals(2, paramant("licence", "issue", "--to", "x").exit(), "usage error");
  }

  @Test
  void syncReportsEverySector() {
    Run sync = admin("sync");
    List<String> lines = sync.out().lines().toList();
    assertEquals(5, lines.size(), sync::toString);
    assertTrue(lines.contains("main\tin_sync"), sync::toString);
    assertTrue(lines.contains("iot\tin_sync"), sync::toString);
    boolean allInSync = lines.stream().allMatch(l -> l.split("\t")[1].equals("in_sync"));
    assertEquals(allInSync ? 0 : 3, sync.exit(), sync::toString);
    assertTrue(
        lines.stream()
            .filter(l -> l.startsWith("health\t"))
            .allMatch(l -> l.contains("out_of_sync")),
        "sector health is not running: " + sync);
  }
}
