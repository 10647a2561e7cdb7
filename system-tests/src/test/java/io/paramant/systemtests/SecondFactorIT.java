package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * With {@code ADMIN_TOTP_SECRET} set, the admin API needs a current TOTP code as well as the token
 * ({@code X-Admin-TOTP}); a code is good once, a wrong token never spends it, and a spent code
 * stays spent across a restart of the console. The admin CLI takes the code from {@code --totp} or
 * {@code PARAMANT_ADMIN_TOTP}.
 *
 * <p>Black box but for one operator-contract check: the restart test also reads the console's
 * record of the spent step, {@code $PARAMANT_DATA/admin-totp-step} (docs/operations.md: written
 * before a code is accepted, kept across restarts), because its subject is that this record
 * survives the restart.
 *
 * <p>Each code must be of a later 30-second step than the last one spent, so this class mostly
 * waits (about three minutes). It has a console of its own and talks to nothing else, so it runs
 * beside the other classes of its suite ({@code junit-platform.properties}: parallel execution on,
 * every other class in the same thread as before); its tests run one after the other.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other classes: see the class comment
class SecondFactorIT {

  @TempDir Path temp;

  private static HttpResponse<String> users(String token, String code) {
    CommunityConsole console = CommunityConsole.withSecondFactorOfItsOwn();
    return AdminApi.of(console.uri(), token).send("GET", "/api/users", null, code);
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // one after the other: they share the console's codes
  void theApiNeedsTheTokenAndACodeThatIsGoodOnce() throws Exception {
    CommunityConsole console = CommunityConsole.withSecondFactorOfItsOwn();
    String token = console.adminToken();

    HttpResponse<String> noCode = users(token, null);
    assertEquals(401, noCode.statusCode(), noCode::body);
    assertEquals("required", noCode.headers().firstValue("X-Admin-TOTP").orElse(null));
    assertEquals("unauthorized", AdminApi.json(noCode).getString("error"));

    String code = console.totp().next();
    // someone with the code but not the token gets nothing, and does not spend the code
    assertEquals(401, users("not-the-token-" + "x".repeat(32), code).statusCode());
    HttpResponse<String> admitted = users(token, code);
    assertEquals(200, admitted.statusCode(), admitted::body);
    assertTrue(AdminApi.json(admitted).containsKey("users"), admitted::body);

    // the same code again: a replay
    assertEquals(401, users(token, code).statusCode());
    assertEquals(401, users(token, console.totp().stale()).statusCode());
    assertEquals(200, users(token, console.totp().next()).statusCode()); // clears the failures
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // one after the other: they share the console's codes
  void aSpentCodeStaysSpentAfterARestart() throws Exception {
    CommunityConsole console = CommunityConsole.withSecondFactorOfItsOwn();
    // early in a step, so that a code of the next step is still within the window after a restart
    // (and a step whose successor has not been handed out by another test)
    while (System.currentTimeMillis() % 30_000 > 5_000
        || System.currentTimeMillis() / 30_000 + 1 <= console.totp().lastStep()) {
      Thread.sleep(250);
    }
    long step = System.currentTimeMillis() / 30_000;
    String code = console.totp().claim(step + 1);
    assertEquals(200, users(console.adminToken(), code).statusCode());

    // the spent step is on disk before the restart, and the restarted console keeps it (the replay
    // below is refused by it while the code is still within its window; AcceptedStepsTest pins the
    // rest). The file is read, not written: whether the replay is refused for being spent or for
    // being outside the window after a slow restart cannot be told through the API alone.
    java.nio.file.Path record = console.spentTotpStepRecord();
    assertEquals((step + 1) + "\n", java.nio.file.Files.readString(record));
    console.restart();
    HttpResponse<String> replay = users(console.adminToken(), code);
    assertEquals((step + 1) + "\n", java.nio.file.Files.readString(record));
    assertEquals(401, replay.statusCode(), replay::body);
    assertEquals(200, users(console.adminToken(), console.totp().next()).statusCode());
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // one after the other: they share the console's codes
  void theAdminCliSendsTheCodeFromItsOptionOrTheEnvironment() throws Exception {
    CommunityConsole console = CommunityConsole.withSecondFactorOfItsOwn();

    Run withoutCode = admin(console, Map.of(), "list");
    assertEquals(5, withoutCode.exit(), withoutCode::toString);
    assertTrue(
        withoutCode
            .err()
            .contains("needs a TOTP code: give --totp CODE or set PARAMANT_ADMIN_TOTP"),
        withoutCode::toString);

    Run withOption = admin(console, Map.of(), "list", "--totp", console.totp().next());
    assertEquals(0, withOption.exit(), withOption::toString);

    Run withEnvironment =
        admin(console, Map.of("PARAMANT_ADMIN_TOTP", console.totp().next()), "list");
    assertEquals(0, withEnvironment.exit(), withEnvironment::toString);

    String spent = console.totp().next();
    assertEquals(0, admin(console, Map.of(), "list", "--totp", spent).exit());
    Run replay = admin(console, Map.of(), "list", "--totp", spent);
    assertEquals(5, replay.exit(), replay::toString);
    assertTrue(replay.err().contains("(401)"), replay::toString);
    assertEquals(200, users(console.adminToken(), console.totp().next()).statusCode());
  }

  record Run(int exit, String out, String err) {}

  private Run admin(CommunityConsole console, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.add("admin");
    command.addAll(List.of(args));
    command.addAll(List.of("--admin", console.uri().toString()));
    Path out = Files.createTempFile(temp, "admin-", ".out");
    Path err = Files.createTempFile(temp, "admin-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(n -> n.startsWith("PARAMANT_") || n.equals("ADMIN_TOKEN"));
    env.put("ADMIN_TOKEN", console.adminToken());
    env.putAll(extraEnv);
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
