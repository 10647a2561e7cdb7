package io.paramant.systemtests;

import io.paramant.licence.LicenceIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The deployment under test: sector relays started by the operator's launcher ({@code
 * server-config/paramant up main iot}) with the real relay WAR, once per test run, on free loopback
 * ports, with a fresh data directory ({@code system-tests/target/it-data}) and a random admin
 * token.
 *
 * <p>Everything a system test needs comes from here: {@link #baseUri(String)}, {@link
 * #adminToken()}, {@link #apiKey(String)} and {@link #account(String)} for the accounts created
 * before the start (one per plan, plus an inactive one), {@link #newAccount(String)} for a test's
 * own account, {@link #usersFile()}, {@link #dataDir()} and {@link #http()}.
 *
 * <p>The first call starts the deployment (a failed start is reported to every later caller, not
 * retried); {@link DeploymentSession} stops it when the test run ends. Configuration (system
 * properties, set by failsafe): {@code paramant.repo} (the repository root), {@code paramant.war}
 * (the relay WAR; default: the launcher's own), {@code paramant.itData} (the data directory).
 */
public final class Deployment {

  /** The general-purpose relay. */
  public static final String MAIN = "main";

  /** The small relay for capacity tests: it holds {@link #IOT_CAPACITY} blobs at once. */
  public static final String IOT = "iot";

  /**
   * A sector that is not started with the others: tests that crash and restart a relay start it
   * with {@link #up(String)} and kill it with {@link #kill(String)}; it is stopped with the
   * deployment.
   */
  public static final String LEGAL = "legal";

  /**
   * Like {@link #LEGAL}, for tests that stop a relay with {@link #down(String)} and change its data
   * directory before starting it again.
   */
  public static final String FINANCE = "finance";

  /** A sector that is configured (it is in every relay's list) but never started: it is down. */
  public static final String HEALTH = "health";

  /** The admin console (admin.war), started with the relays. */
  public static final String ADMIN = "admin";

  /** The active-user cap of the deployment's licence. */
  public static final int LICENSED_USERS = 100_000;

  /** Every sector of the launcher, in its order (the order of GET /v2/relays). */
  public static final List<String> ALL_SECTORS = List.of(MAIN, HEALTH, FINANCE, LEGAL, IOT);

  public static final int MAIN_CAPACITY = 64;
  public static final int IOT_CAPACITY = 3;

  /** Names of the accounts created before the start: the three plans and an inactive account. */
  public static final List<String> ACCOUNTS = List.of("free", "pro", "enterprise", "inactive");

  private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * {@code -Dparamant.deployment=server}: the tests run against paramant.ear on Payara Server
   * instead, started and stopped by {@code server-config/payara-server} (one domain, sector {@link
   * #MAIN} only; its Payara installation and domain in {@code paramant.serverDir}, the EAR from
   * {@code paramant.ear}).
   */
  static final boolean ON_PAYARA_SERVER =
      "server".equals(System.getProperty("paramant.deployment", "micro"));

  private static Deployment current;
  private static RuntimeException startFailure;
  private static Thread shutdownHook;

  private final Path repo;
  private final Path dataDir;
  private final String adminToken;
  private final Map<String, Integer> ports;
  private final Map<String, String> env;
  private final Map<String, TestAccount> accounts = new LinkedHashMap<>();
  private final ParamantCommand paramant;
  private final ParamantCommand payaraServer; // null unless ON_PAYARA_SERVER
  private final HttpClient http;
  private final AtomicInteger accountCounter = new AtomicInteger();
  private boolean up;

  private Deployment(Path repo, Path war, Path adminWar, Path dataDir) {
    this.repo = repo;
    this.dataDir = dataDir;
    // 64 hex digits, as `openssl rand -hex 32` makes them (docs/operations.md): a token longer than
    // the 51 characters asadmin could once carry as a password, on every deployment path
    this.adminToken = HexFormat.of().formatHex(randomBytes(32));
    this.ports =
        ON_PAYARA_SERVER
            ? Map.of(MAIN, freeLoopbackPort(), ADMIN, freeLoopbackPort())
            : Map.of(
                MAIN,
                freeLoopbackPort(),
                IOT,
                freeLoopbackPort(),
                LEGAL,
                freeLoopbackPort(),
                FINANCE,
                freeLoopbackPort(),
                HEALTH,
                freeLoopbackPort(),
                ADMIN,
                freeLoopbackPort());
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    // only what this class sets: no .env file, no operator settings or licence from the environment
    env.keySet()
        .removeIf(k -> k.startsWith("PARAMANT_") || k.equals("ADMIN_TOKEN") || k.equals("PLK_KEY"));
    env.put("PARAMANT_ENV_FILE", "");
    env.put("ADMIN_TOKEN", adminToken);
    // a licensed deployment (many test accounts); CommunityConsole covers the Community Edition cap
    KeyPair vendor = LicenceIssuer.generateKeyPair();
    env.put(
        "PARAMANT_LICENCE_PUBLIC_KEY",
        Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
    env.put(
        "PLK_KEY",
        LicenceIssuer.issue(
            vendor.getPrivate(),
            "Paramant system tests",
            Instant.now().plus(Duration.ofDays(2)),
            LICENSED_USERS));
    env.put("PARAMANT_DATA", dataDir.toString());
    ports.forEach(
        (sector, port) ->
            env.put("PARAMANT_PORT_" + sector.toUpperCase(java.util.Locale.ROOT), port.toString()));
    env.put("PARAMANT_BLOB_CAPACITY_MAIN", Integer.toString(MAIN_CAPACITY));
    env.put("PARAMANT_BLOB_CAPACITY_IOT", Integer.toString(IOT_CAPACITY));
    env.put("PARAMANT_WEBHOOK_ALLOW_PRIVATE", "true");
    env.put("PARAMANT_WEBHOOK_ALLOW_PRIVATE_IOT", "false"); // iot refuses private webhook targets
    // NginxIT's nginx reaches the relays from 127.0.0.1; tests that are their own client use other
    // loopback addresses (RawHttp), and tests from 127.0.0.1 send no X-Forwarded-For
    env.put("PARAMANT_TRUSTED_PROXIES", "127.0.0.1");
    if (war != null) {
      env.put("PARAMANT_WAR", war.toString());
    }
    if (adminWar != null) {
      env.put("PARAMANT_ADMIN_WAR", adminWar.toString());
    }
    if (ON_PAYARA_SERVER) {
      env.put("PARAMANT_SECTOR", MAIN);
      env.put("PARAMANT_BLOB_CAPACITY", Integer.toString(MAIN_CAPACITY));
      env.put("PARAMANT_SERVER_ADMIN_PORT", Integer.toString(freeLoopbackPort()));
      env.put(
          "PARAMANT_SERVER_DIR",
          System.getProperty(
              "paramant.serverDir", dataDir.resolveSibling("payara-server").toString()));
      String ear = System.getProperty("paramant.ear", "");
      if (!ear.isBlank() && !ear.contains("${")) {
        env.put("PARAMANT_EAR", ear);
      }
    }
    this.env = Map.copyOf(env);
    this.paramant =
        new ParamantCommand(
            repo.resolve("server-config/paramant"), env, dataDir.resolve("launcher.log"));
    this.payaraServer =
        ON_PAYARA_SERVER
            ? new ParamantCommand(
                repo.resolve("server-config/payara-server"), env, dataDir.resolve("launcher.log"))
            : null;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  // ------------------------------------------------------------------------------------------------
  // what tests use

  /** {@code http://127.0.0.1:<port>/} of a running sector ({@link #MAIN} or {@link #IOT}). */
  public static URI baseUri(String sector) {
    Integer port = get().ports.get(sector);
    if (port == null) {
      throw new IllegalArgumentException("sector " + sector + " is not part of the deployment");
    }
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /**
   * The admin console: {@code http://127.0.0.1:<port>/} (its own Payara Micro), or on Payara Server
   * {@code http://127.0.0.1:<port>/admin/} (the EAR's console on its own loopback listener).
   * Resolve relative paths against it ({@code resolve("signin.xhtml")}).
   */
  public static URI adminUri() {
    URI root = get().baseUriOf(ADMIN);
    return ON_PAYARA_SERVER ? root.resolve("admin/") : root;
  }

  /** The sectors this deployment runs. */
  public static List<String> sectors() {
    return ON_PAYARA_SERVER ? List.of(MAIN) : List.of(MAIN, IOT);
  }

  /**
   * The ADMIN_TOKEN the relays were started with (admin routes; password of /metrics user admin):
   * 64 hex digits.
   */
  public static String adminToken() {
    return get().adminToken;
  }

  /**
   * The API key of the active account of a plan: {@code free}, {@code pro} or {@code enterprise}.
   */
  public static String apiKey(String plan) {
    TestAccount account = account(plan);
    if (!account.active()) {
      throw new IllegalArgumentException(plan + " is not an active account");
    }
    return account.apiKey();
  }

  /** One of the {@link #ACCOUNTS} created before the start. {@code inactive} is a free account. */
  public static TestAccount account(String name) {
    TestAccount account = get().accounts.get(name);
    if (account == null) {
      throw new IllegalArgumentException("no account " + name + "; there are " + ACCOUNTS);
    }
    return account;
  }

  /**
   * A new active account of the given plan for one test (a unique label), added with {@code
   * paramant user add}; every sector is told to reload users.json ({@code POST /v2/admin/reload})
   * before this returns.
   */
  public static TestAccount newAccount(String plan) {
    Deployment d = get();
    String label = "st-" + plan + "-" + d.accountCounter.incrementAndGet();
    TestAccount account = d.addUser(label, plan);
    for (String sector : sectors()) {
      d.reload(sector);
    }
    return account;
  }

  /**
   * A new active account of the given plan in {@code team} (a unique label; see {@link
   * #newAccount(String)}).
   */
  public static TestAccount newAccount(String plan, String team) {
    Deployment d = get();
    String label = "st-" + plan + "-" + d.accountCounter.incrementAndGet();
    TestAccount account = d.addUser(label, plan, "--team", team);
    for (String sector : sectors()) {
      d.reload(sector);
    }
    return account;
  }

  /** Starts a sector with the launcher (a running one is left alone) and returns its base URI. */
  public static URI up(String sector) {
    Deployment d = microOnly("up " + sector);
    d.paramant.run(UP_TIMEOUT, "up", sector);
    return baseUri(sector);
  }

  /**
   * Starts a sector like {@link #up(String)}, with {@code environment} added to the launcher's
   * (e.g. a licence); stop it with {@link #down(String)} when done.
   */
  public static URI upWith(String sector, Map<String, String> environment) {
    Deployment d = microOnly("up " + sector);
    Map<String, String> env = new LinkedHashMap<>(d.env);
    env.putAll(environment);
    new ParamantCommand(
            d.repo.resolve("server-config/paramant"), env, d.dataDir.resolve("launcher.log"))
        .run(UP_TIMEOUT, "up", sector);
    return baseUri(sector);
  }

  /** Stops a sector with the launcher ({@code paramant down SECTOR}), as an operator would. */
  public static void down(String sector) {
    microOnly("down " + sector).paramant.run(COMMAND_TIMEOUT, "down", sector);
  }

  /**
   * Kills a sector's JVM with SIGKILL, as a crash or power cut would, and waits until it is gone.
   * The pid file stays behind, as it would after a crash.
   */
  public static void kill(String sector) {
    Path pidFile = microOnly("kill " + sector).dataDir.resolve("run").resolve(sector + ".pid");
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle process =
          ProcessHandle.of(pid)
              .orElseThrow(() -> new IllegalStateException(sector + " is not running"));
      process.destroyForcibly();
      process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(sector + " did not die", e);
    }
  }

  /**
   * Revokes an account the way an operator editing users.json by hand does (an atomic rewrite of
   * the file, behind the console's back); the relays notice by themselves.
   */
  public static void revokeInFile(String label) {
    UsersFileEdit.deactivate(get().dataDir.resolve("users.json"), label);
  }

  /**
   * Revokes an account through the admin console's API ({@code paramant user revoke} while the
   * console runs; on Payara Server, where there is no console, by editing the file), then tells
   * every sector at once ({@code POST /v2/admin/reload}).
   */
  public static void revokeAndReload(String label) {
    Deployment d = get();
    d.paramant.run(COMMAND_TIMEOUT, "user", "revoke", "--label", label);
    for (String sector : sectors()) {
      d.reload(sector);
    }
  }

  /** The users file shared by the sectors. */
  public static Path usersFile() {
    return get().dataDir.resolve("users.json");
  }

  /** PARAMANT_DATA of the deployment (users.json, one directory per sector, logs/). */
  public static Path dataDir() {
    return get().dataDir;
  }

  /** The log file of a sector's Payara Micro. */
  public static Path logFile(String sector) {
    return get().dataDir.resolve("logs").resolve(sector + ".log");
  }

  /** The deployment, if it is the Payara Micro one (sectors started and stopped one by one). */
  private static Deployment microOnly(String what) {
    if (ON_PAYARA_SERVER) {
      throw new UnsupportedOperationException(
          what + ": the Payara Server deployment runs sector " + MAIN + " only");
    }
    return get();
  }

  /**
   * Runs {@code server-config/payara-server ARGS} with the deployment's environment (only when
   * {@link #ON_PAYARA_SERVER}); returns its standard output.
   */
  static String payaraServer(String... args) {
    Deployment d = get();
    if (d.payaraServer == null) {
      throw new IllegalStateException("not the Payara Server deployment");
    }
    return d.payaraServer.run(COMMAND_TIMEOUT, args);
  }

  /** A shared HTTP/1.1 client (no h2c upgrade attempts; curl users speak HTTP/1.1 too). */
  public static HttpClient http() {
    return get().http;
  }

  // ------------------------------------------------------------------------------------------------
  // lifecycle

  static synchronized Deployment get() {
    if (current != null) {
      return current;
    }
    if (startFailure != null) {
      throw new IllegalStateException("the deployment failed to start earlier", startFailure);
    }
    Path repo = repoRoot();
    String warProperty = System.getProperty("paramant.war", "");
    Path war = warProperty.isBlank() || warProperty.contains("${") ? null : Path.of(warProperty);
    String adminWarProperty = System.getProperty("paramant.adminWar", "");
    Path adminWar =
        adminWarProperty.isBlank() || adminWarProperty.contains("${")
            ? null
            : Path.of(adminWarProperty);
    Path dataDir =
        Path.of(
                System.getProperty(
                    "paramant.itData", repo.resolve("system-tests/target/it-data").toString()))
            .toAbsolutePath()
            .normalize();
    Deployment d = new Deployment(repo, war, adminWar, dataDir);
    try {
      d.start();
    } catch (RuntimeException e) {
      startFailure = e;
      d.down();
      throw e;
    }
    current = d;
    return d;
  }

  /** Stops the deployment if it was started (idempotent). */
  static synchronized void stop() {
    CommunityConsole.stop();
    if (current != null) {
      current.down();
      current = null;
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run
      }
      shutdownHook = null;
    }
  }

  private void start() {
    stopLeftovers();
    deleteRecursively(dataDir);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String plan : List.of("free", "pro", "enterprise")) {
      accounts.put(plan, addUser("st-" + plan, plan));
    }
    TestAccount inactive = addUser("st-inactive", "free");
    paramant.run(COMMAND_TIMEOUT, "user", "revoke", "--label", inactive.label());
    accounts.put(
        "inactive",
        new TestAccount(
            inactive.label(), inactive.plan(), inactive.email(), inactive.apiKey(), false));

    shutdownHook = new Thread(this::down, "paramant-down");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    up = true;
    if (payaraServer != null) {
      payaraServer.run(UP_TIMEOUT, "start");
    } else {
      paramant.run(UP_TIMEOUT, "up", MAIN, IOT, ADMIN);
    }
  }

  private void down() {
    paramant.abort(); // an `up` still booting (JVM shutdown): its relays are stopped below
    if (payaraServer != null) {
      payaraServer.abort();
    }
    stopRelays();
  }

  private synchronized void stopRelays() {
    if (up) {
      up = false;
      if (payaraServer != null) {
        payaraServer.run(COMMAND_TIMEOUT, "stop");
      } else {
        paramant.run(COMMAND_TIMEOUT, "down", MAIN, IOT, LEGAL, FINANCE, HEALTH, ADMIN);
      }
    }
  }

  /** Relays left running from an earlier, interrupted run in the same data directory. */
  private void stopLeftovers() {
    if (payaraServer != null) {
      payaraServer.run(COMMAND_TIMEOUT, "stop");
    }
    if (Files.isDirectory(dataDir.resolve("run"))) {
      paramant.run(COMMAND_TIMEOUT, "down");
    }
  }

  private TestAccount addUser(String label, String plan, String... more) {
    String email = label + "@example.test";
    List<String> args =
        new java.util.ArrayList<>(
            List.of("user", "add", "--label", label, "--plan", plan, "--email", email));
    args.addAll(List.of(more));
    String key = paramant.run(COMMAND_TIMEOUT, args.toArray(String[]::new));
    if (!key.matches("pgp_[0-9a-f]{64}")) {
      throw new IllegalStateException("paramant user add printed no key for " + label);
    }
    return new TestAccount(label, plan, email, key, true);
  }

  private void reload(String sector) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUriOf(sector).resolve("v2/admin/reload"))
            .header("Authorization", "Bearer " + adminToken)
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "POST /v2/admin/reload on " + sector + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI baseUriOf(String sector) {
    return URI.create("http://127.0.0.1:" + ports.get(sector) + "/");
  }

  /** The repository root (the launcher, the client's {@code bin/paramant}). */
  static Path repoRoot() {
    String property = System.getProperty("paramant.repo");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("server-config/paramant"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root (server-config/paramant); set -Dparamant.repo");
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + dir, e);
    }
  }
}
