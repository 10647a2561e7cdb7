package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command on a fresh clone: {@code server-config/paramant up} with no {@code .env}
 * and no {@code ADMIN_TOKEN} anywhere writes the {@code .env} file (owner-only, the rest of {@code
 * .env.example} kept) with a fresh token, prints the token once with where it is, and starts; the
 * token is the admin's credential; a later {@code up} reads it from the file and neither prints nor
 * changes it. One sector (main) on a port and data directory of its own.
 */
class FirstRunIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^ADMIN_TOKEN=([0-9a-f]{64})$");

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void up_without_a_token_writes_an_owner_only_env_with_a_fresh_one_and_prints_it_once()
      throws Exception {
    Path env = temp.resolve(".env");
    int port = freePort();

    Run first = launcher(env, port, "up", "main");
    try {
      assertEquals(0, first.exit(), first::toString);
      String written = Files.readString(env, StandardCharsets.UTF_8);
      Matcher line = TOKEN_LINE.matcher(written);
      assertTrue(line.find(), written);
      String token = line.group(1);
      assertFalse(line.find(), "one ADMIN_TOKEN line");
      assertEquals(
          Files.readString(Deployment.repoRoot().resolve(".env.example"), StandardCharsets.UTF_8)
              .replaceFirst("(?m)^ADMIN_TOKEN=$", "ADMIN_TOKEN=" + token),
          written,
          "the example with the token filled in");
      assertEquals(
          PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(env));
      assertTrue(
          first
              .err()
              .contains("paramant: created " + env + " (owner-only) with a fresh ADMIN_TOKEN"),
          first::toString);
      assertEquals(1, occurrences(first.out() + first.err(), token), first::toString);

      assertEquals(200, metrics(port, token));
      assertEquals(401, metrics(port, "0".repeat(64)));

      Run second = launcher(env, port, "up", "main");
      assertEquals(0, second.exit(), second::toString);
      assertTrue(second.out().startsWith("main: already running (pid "), second::toString);
      assertEquals(0, occurrences(second.out() + second.err(), token), second::toString);
      assertEquals(written, Files.readString(env, StandardCharsets.UTF_8));
    } finally {
      Run down = launcher(env, port, "down");
      assertEquals(0, down.exit(), down::toString);
    }
  }

  @Test
  void up_with_the_env_file_turned_off_writes_nothing_and_asks_for_the_token() throws Exception {
    Run refused = launcher(null, freePort(), "up", "main");

    assertEquals(1, refused.exit(), refused::toString);
    assertTrue(refused.err().startsWith("paramant: ADMIN_TOKEN is not set: "), refused::toString);
    try (var files = Files.list(temp)) {
      assertEquals(
          List.of(), files.filter(p -> p.getFileName().toString().startsWith(".env")).toList());
    }
  }

  /**
   * The .env file sets ADMIN_TOKEN and JAVA_HOME (the JDK that runs the relays): one that group or
   * others may write is refused before anything runs, one they may read is read with a warning.
   */
  @Test
  void an_env_file_others_may_write_is_refused_and_one_they_may_read_is_read_with_a_warning()
      throws Exception {
    Path env = temp.resolve(".env");
    Files.writeString(env, "ADMIN_TOKEN=" + "a1".repeat(20) + "\n", StandardCharsets.UTF_8);
    int port = freePort();

    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-rw-r--"));
    Run refused = launcher(env, port, "status", "main");
    assertEquals(1, refused.exit(), refused::toString);
    assertEquals(
        "paramant: "
            + env
            + " may be written by group or others (mode 664): it sets ADMIN_TOKEN and JAVA_HOME"
            + " (chmod go-w "
            + env
            + ")\n",
        refused.err());
    assertEquals("", refused.out());

    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
    Run warned = launcher(env, port, "status", "main");
    assertEquals(3, warned.exit(), warned::toString); // read: main is simply not running
    assertEquals(
        "paramant: "
            + env
            + " may be read by group or others (mode 644) and holds ADMIN_TOKEN: chmod 600 "
            + env
            + "\n",
        warned.err());
    assertTrue(warned.out().startsWith("main     stopped"), warned::toString);
  }

  /**
   * The small profile (docs/operations.md, "Sizing") starts a sector with capacity 16 and a 128 MiB
   * heap (direct memory for 16 blobs), with the idle-memory options every unit gets; a profile the
   * launcher does not know is refused before anything runs.
   */
  @Test
  void the_small_profile_starts_a_sector_with_capacity_16_and_a_128_mib_heap() throws Exception {
    Path env = temp.resolve(".env");
    Files.writeString(env, "ADMIN_TOKEN=" + "b2".repeat(20) + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
    int port = freePort();

    Run unknown = launcher(env, port, Map.of("PARAMANT_PROFILE", "tiny"), "up", "main");
    assertEquals(1, unknown.exit(), unknown::toString);
    assertEquals("paramant: PARAMANT_PROFILE=tiny: expected default or small\n", unknown.err());

    Run up = launcher(env, port, Map.of("PARAMANT_PROFILE", "small"), "up", "main");
    try {
      assertEquals(0, up.exit(), up::toString);
      Path data = temp.resolve("data");
      String pid =
          Files.readString(data.resolve("run/main.pid"), StandardCharsets.US_ASCII).strip();
      List<String> jvm =
          List.of(
              new String(
                      Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8)
                  .split("\0"));
      assertTrue(jvm.contains("-Xmx128m"), jvm::toString);
      assertTrue(jvm.contains("-XX:MaxDirectMemorySize=144m"), jvm::toString); // 16 x 5 + 64
      assertTrue(jvm.contains("-XX:G1PeriodicGCInterval=15000"), jvm::toString);
      assertTrue(jvm.contains("-XX:MaxHeapFreeRatio=20"), jvm::toString);
      List<String> environment =
          List.of(
              new String(
                      Files.readAllBytes(Path.of("/proc", pid, "environ")), StandardCharsets.UTF_8)
                  .split("\0"));
      assertTrue(environment.contains("PARAMANT_BLOB_CAPACITY=16"), "capacity 16");
      assertTrue(environment.contains("MALLOC_ARENA_MAX=2"), "two malloc arenas");
      assertTrue(
          Files.readString(data.resolve("logs/main.log"), StandardCharsets.UTF_8)
              .contains("starting sector main on 127.0.0.1:" + port + " (attempt 1, capacity 16)"));
    } finally {
      Run down = launcher(env, port, "down");
      assertEquals(0, down.exit(), down::toString);
    }
  }

  /** {@code server-config/paramant ARGS} with {@code env} as its .env file (null: none read). */
  private Run launcher(Path env, int port, String... args) {
    return launcher(env, port, Map.of(), args);
  }

  /** The same with {@code settings} added to the launcher's environment. */
  private Run launcher(Path env, int port, Map<String, String> settings, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("server-config/paramant").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> environment = builder.environment();
    ParamantCommand.dropOperatorSettings(environment);
    environment.put("PARAMANT_ENV_FILE", env == null ? "" : env.toString());
    environment.put("PARAMANT_DATA", temp.resolve("data").toString());
    environment.put("PARAMANT_PORT_MAIN", Integer.toString(port));
    environment.putAll(settings);
    try {
      Path out = Files.createTempFile(temp, "launcher-", ".out");
      Path err = Files.createTempFile(temp, "launcher-", ".err");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
      }
      Run run =
          new Run(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of {@code GET /metrics} as user admin with {@code password}. */
  private static int metrics(int port, String password) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int occurrences(String text, String token) {
    return text.split(Pattern.quote(token), -1).length - 1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
