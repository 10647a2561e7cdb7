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
 * own account, and {@link #http()}. Tests drive the product through its API, its CLI and its
 * launcher only; the few whose subject is the operator's file-level contract (users.json, the CT
 * journal, the launcher's lock) reach files through {@link #usersFile()}, {@link
 * #sectorDataDir(String)} and {@link #usersFileAdmin(String...)}, and say why in their javadoc.
 *
 * <p>The first call starts the deployment (a failed start is reported to every later caller, not
 * retried); {@link DeploymentSession} stops it when the test run ends. Configuration (system
 * properties, set by failsafe): {@code paramant.repo} (the repository root), {@code paramant.war}
 * (the relay WAR; default: the launcher's own), {@code paramant.itData} (the data directory).
 *
 * <p>A deployment started elsewhere: {@code -Dparamant.it.relay=URL} (sector main), {@code
 * -Dparamant.it.relay.<sector>=URL} for others (e.g. {@code iot}), {@code -Dparamant.it.admin=URL}
 * (the admin console) and {@code ADMIN_TOKEN} in the environment. Then nothing is started or
 * stopped; the accounts are added through the console's API with {@code bin/paramant admin}, and
 * the tests that start, stop or crash relays, or look at their files, fail with {@link
 * UnsupportedOperationException} (system-tests/README.md).
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

  /**
   * {@code -Dparamant.payaraVersion=7.2026.11}: the Payara Micro deployment runs this version
   * (PARAMANT_PAYARA_VERSION of the launcher) instead of the build's; the failsafe execution {@code
   * payara7} sets it. Empty: the launcher's default.
   */
  static final String PAYARA_VERSION = System.getProperty("paramant.payaraVersion", "").strip();

  /**
   * {@code -Dparamant.javaHome=DIR}: the JDK the launcher runs Payara Micro with (its JAVA_HOME),
   * e.g. Temurin 25 for Payara 7. Empty: the JAVA_HOME (or PATH) the tests run with.
   */
  static final String JAVA_HOME = System.getProperty("paramant.javaHome", "").strip();

  /**
   * {@code -Dparamant.units=main,admin}: the units the deployment starts (default {@code
   * main,iot,admin}); a lean run such as {@code payara7} boots fewer JVMs. {@link #sectors()} lists
   * the sectors among them.
   */
  static final List<String> UNITS =
      List.of(System.getProperty("paramant.units", "main,iot,admin").strip().split("\\s*,\\s*"));

  /** {@code -Dparamant.it.relay=URL}: the tests run against a deployment started elsewhere. */
  static final boolean EXTERNAL = !System.getProperty("paramant.it.relay", "").isBlank();

  private static Deployment current;
  private static RuntimeException startFailure;
  private static Thread shutdownHook;

  private final Path repo;
  private final Path dataDir;
  private final String adminToken;
  private final Map<String, Integer> ports;
  private final Map<String, URI> external; // null unless EXTERNAL
  private final Map<String, String> env;
  private final Map<String, TestAccount> accounts = new LinkedHashMap<>();
  private final ParamantCommand paramant; // null if EXTERNAL
  private final ParamantCommand payaraServer; // null unless ON_PAYARA_SERVER
  private final ParamantCommand admin; // bin/paramant (its `admin` commands)
  private final String labelSuffix; // empty, or a run's own suffix on an external deployment
  private final HttpClient http;
  private final AtomicInteger accountCounter = new AtomicInteger();
  private boolean up;

  /** The deployment started elsewhere, at these base URLs ({@link #EXTERNAL}). */
  private Deployment(Path repo, Map<String, URI> external, String adminToken) {
    this.repo = repo;
    this.dataDir = null;
    this.adminToken = adminToken;
    this.ports = Map.of();
    this.external = Map.copyOf(external);
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet()
        .removeIf(k -> k.startsWith("PARAMANT_") || k.equals("ADMIN_TOKEN") || k.equals("PLK_KEY"));
    env.put("ADMIN_TOKEN", adminToken);
    this.env = Map.copyOf(env);
    this.paramant = null;
    this.payaraServer = null;
    this.admin =
        new ParamantCommand(
            repo.resolve("bin/paramant"),
            env,
            repo.resolve("system-tests/target/it-external/commands.log"));
    // labels of earlier runs against the same deployment stay taken
    this.labelSuffix = "-" + HexFormat.of().formatHex(randomBytes(4));
    this.http = newHttpClient();
  }

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
    if (!PAYARA_VERSION.isEmpty()) {
      env.put("PARAMANT_PAYARA_VERSION", PAYARA_VERSION);
    }
    if (!JAVA_HOME.isEmpty()) {
      env.put("JAVA_HOME", JAVA_HOME);
    }
    ports.forEach(
        (sector, port) ->
            env.put("PARAMANT_PORT_" + sector.toUpperCase(java.util.Locale.ROOT), port.toString()));
    env.put("PARAMANT_BLOB_CAPACITY_MAIN", Integer.toString(MAIN_CAPACITY));
    env.put("PARAMANT_BLOB_CAPACITY_IOT", Integer.toString(IOT_CAPACITY));
    env.put("PARAMANT_WEBHOOK_ALLOW_PRIVATE", "true");
    env.put("PARAMANT_WEBHOOK_ALLOW_PRIVATE_IOT", "false"); // iot refuses private webhook targets
    // audit chains are anchored every 5 s instead of every minute, so AuditIT waits seconds
    env.put("PARAMANT_AUDIT_ANCHOR_SECONDS", "5");
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
    this.admin =
        new ParamantCommand(repo.resolve("bin/paramant"), env, dataDir.resolve("launcher.log"));
    this.external = null;
    this.labelSuffix = "";
    this.http = newHttpClient();
  }

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  // ------------------------------------------------------------------------------------------------
  // what tests use

  /**
   * {@code http://127.0.0.1:<port>/} of a running sector ({@link #MAIN} or {@link #IOT}), or its
   * configured base URL ({@code paramant.it.relay[.<sector>]}).
   */
  public static URI baseUri(String sector) {
    return get().baseUriOf(sector);
  }

  /**
   * The admin console: {@code http://127.0.0.1:<port>/} (its own Payara Micro), or on Payara Server
   * {@code http://127.0.0.1:<port>/admin/} (the EAR's console on its own loopback listener).
   * Resolve relative paths against it ({@code resolve("signin.xhtml")}).
   */
  public static URI adminUri() {
    return get().adminUriOf();
  }

  private URI adminUriOf() {
    URI root = baseUriOf(ADMIN);
    return ON_PAYARA_SERVER && external == null ? root.resolve("admin/") : root;
  }

  /** The sectors this deployment runs. */
  public static List<String> sectors() {
    if (EXTERNAL) {
      return ALL_SECTORS.stream().filter(get().external::containsKey).toList();
    }
    return ON_PAYARA_SERVER ? List.of(MAIN) : ALL_SECTORS.stream().filter(UNITS::contains).toList();
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
   * A new active account of the given plan for one test (a unique label), added as {@code paramant
   * user add} adds it (through the console's API, see {@link #addTestUser}); every sector is told
   * to reload users.json ({@code POST /v2/admin/reload}) before this returns.
   */
  public static TestAccount newAccount(String plan) {
    Deployment d = get();
    String label = "st-" + plan + "-" + d.accountCounter.incrementAndGet();
    TestAccount account = d.addTestUser(label, plan, null);
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
    TestAccount account = d.addTestUser(label, plan, team);
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
   * Revokes an account with the product's own writer of users.json ({@code bin/paramant admin
   * revoke --users-file}: its lock and checks), behind the console's back and without telling the
   * relays: they notice the changed file by themselves.
   */
  public static void revokeInFile(String label) {
    usersFileAdmin("revoke", "--label", label);
  }

  /**
   * Runs {@code bin/paramant admin ARGS --users-file <users.json>}: the product's own writer of the
   * file (the console's code, lock, cap and checks), without the console and without a reload call
   * to the relays, as an operator runs it while the console is down. Returns its standard output
   * ({@code add}: the new API key).
   */
  public static String usersFileAdmin(String... args) {
    Deployment d = ownOnly("bin/paramant admin --users-file");
    List<String> command = new java.util.ArrayList<>(List.of("admin"));
    command.addAll(List.of(args));
    command.addAll(List.of("--users-file", d.dataDir.resolve("users.json").toString()));
    return d.admin.run(COMMAND_TIMEOUT, command.toArray(String[]::new));
  }

  /**
   * Revokes an account through the admin console's API ({@code paramant user revoke} while the
   * console runs; on Payara Server, where there is no console unit, on the file with the same
   * writer), then tells every sector at once ({@code POST /v2/admin/reload}).
   */
  public static void revokeAndReload(String label) {
    Deployment d = get();
    d.revoke(label);
    for (String sector : sectors()) {
      d.reload(sector);
    }
  }

  /**
   * The users file shared by the sectors: only for tests whose subject is the file itself (the
   * operator's contract: what it holds, and that the relays follow it).
   */
  public static Path usersFile() {
    return ownOnly("users.json").dataDir.resolve("users.json");
  }

  /**
   * A sector's own directory in PARAMANT_DATA (its CT journal, its identity key): only for tests
   * whose subject is what the relay does with it (crash recovery, an operator who resets the log).
   */
  public static Path sectorDataDir(String sector) {
    return ownOnly("the data directory of " + sector).dataDir.resolve(sector);
  }

  /** The log file of a sector: its Payara Micro's, or on Payara Server its domain's server.log. */
  public static Path logFile(String sector) {
    Deployment d = ownOnly("the log of " + sector);
    if (ON_PAYARA_SERVER) {
      // server-config/payara-server: one domain per sector, its log where Payara Server keeps it
      return Path.of(System.getProperty("paramant.serverDir"), "domains", "paramant-" + sector)
          .resolve("logs")
          .resolve("server.log");
    }
    return d.dataDir.resolve("logs").resolve(sector + ".log");
  }

  /** The deployment, if the tests started it themselves (not {@link #EXTERNAL}). */
  private static Deployment ownOnly(String what) {
    Deployment d = get();
    if (d.external != null) {
      throw new UnsupportedOperationException(
          what
              + ": needs a deployment the tests start themselves (this run uses the one at"
              + " -Dparamant.it.relay)");
    }
    return d;
  }

  /** The deployment, if it is the Payara Micro one (sectors started and stopped one by one). */
  private static Deployment microOnly(String what) {
    if (ON_PAYARA_SERVER) {
      throw new UnsupportedOperationException(
          what + ": the Payara Server deployment runs sector " + MAIN + " only");
    }
    return ownOnly(what);
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
    if (EXTERNAL) {
      try {
        current = external(repo);
        current.start();
      } catch (RuntimeException e) {
        current = null;
        startFailure = e;
        throw e;
      }
      return current;
    }
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
    Deployment d;
    try {
      checkJavaHome();
      d = new Deployment(repo, war, adminWar, dataDir);
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
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

  /**
   * The JDK of {@code -Dparamant.javaHome} must be there: a run that asks for Payara 7 on Temurin
   * 25 fails, saying which JDK is missing, instead of running on another Java.
   */
  private static void checkJavaHome() {
    if (JAVA_HOME.isEmpty() || JAVA_HOME.contains("${")) {
      return;
    }
    if (!Files.isExecutable(Path.of(JAVA_HOME, "bin", "java"))) {
      throw new IllegalStateException(
          "-Dparamant.javaHome="
              + JAVA_HOME
              + " has no bin/java: this run starts Payara Micro "
              + (PAYARA_VERSION.isEmpty() ? "(the build's version)" : PAYARA_VERSION)
              + " with that JDK. Install it there (Temurin 25: the temurin-25-jdk package of"
              + " Adoptium's Debian repository, https://adoptium.net/installation/linux/), or point"
              + " -Dparamant.javaHome at another JDK 21+ (in `mvn -B verify`, execution payara7 of"
              + " system-tests/pom.xml: -Dpayara7.javaHome=DIR)");
    }
  }

  /** The process id of a running unit (its launcher's pid file). */
  static long pid(String unit) {
    Path pidFile = ownOnly("the pid of " + unit).dataDir.resolve("run").resolve(unit + ".pid");
    try {
      return Long.parseLong(Files.readString(pidFile).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** The deployment of {@code -Dparamant.it.relay=URL} and the properties beside it. */
  private static Deployment external(Path repo) {
    Map<String, URI> uris = new LinkedHashMap<>();
    for (String sector : ALL_SECTORS) {
      String property =
          System.getProperty(
              sector.equals(MAIN) ? "paramant.it.relay" : "paramant.it.relay." + sector, "");
      if (!property.isBlank()) {
        uris.put(sector, baseUrl(property));
      }
    }
    String console = System.getProperty("paramant.it.admin", "");
    if (!console.isBlank()) {
      uris.put(ADMIN, baseUrl(console));
    }
    String token = System.getenv("ADMIN_TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "-Dparamant.it.relay is set: the deployment's ADMIN_TOKEN must be in the environment");
    }
    if (!uris.containsKey(ADMIN)) {
      throw new IllegalStateException(
          "-Dparamant.it.relay is set: give the admin console too (-Dparamant.it.admin=URL)");
    }
    return new Deployment(repo, uris, token);
  }

  private static URI baseUrl(String url) {
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  private void start() {
    if (external != null) {
      addAccounts();
      return;
    }
    stopLeftovers();
    deleteRecursively(dataDir);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    addAccounts();

    shutdownHook = new Thread(this::down, "paramant-down");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    up = true;
    if (payaraServer != null) {
      payaraServer.run(UP_TIMEOUT, "start");
    } else {
      paramant.run(
          UP_TIMEOUT, Stream.concat(Stream.of("up"), UNITS.stream()).toArray(String[]::new));
    }
  }

  /** The {@link #ACCOUNTS}: one per plan, and one that is revoked. */
  private void addAccounts() {
    for (String plan : List.of("free", "pro", "enterprise")) {
      accounts.put(plan, addUser("st-" + plan + labelSuffix, plan));
    }
    TestAccount inactive = addUser("st-inactive" + labelSuffix, "free");
    revoke(inactive.label());
    accounts.put(
        "inactive",
        new TestAccount(
            inactive.label(), inactive.plan(), inactive.email(), inactive.apiKey(), false));
  }

  private void down() {
    if (paramant == null) {
      return; // an external deployment: nothing was started here
    }
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

  /**
   * {@code paramant user add} (the launcher: through the console while it runs, else on the file),
   * or on an external deployment {@code bin/paramant admin add --admin URL} (the console's API).
   */
  private TestAccount addUser(String label, String plan, String... more) {
    String email = label + "@example.test";
    List<String> args =
        new java.util.ArrayList<>(
            List.of("user", "add", "--label", label, "--plan", plan, "--email", email));
    args.addAll(List.of(more));
    String key = userCommand(args);
    if (!key.matches("pgp_[0-9a-f]{64}")) {
      throw new IllegalStateException("paramant user add printed no key for " + label);
    }
    return new TestAccount(label, plan, email, key, true);
  }

  /**
   * A test's own account ({@link #newAccount}). While this run's admin console is up, {@code
   * paramant user add} is {@code bin/paramant admin add --admin URL}, which sends {@code POST
   * /api/users} to the console (the console writes users.json and tells every sector): that request
   * is sent here directly, without starting the launcher and a JVM of the admin CLI for each of the
   * hundred-odd accounts of a run (2-3 s each on a CI machine). The CLI's and the launcher's way is
   * still how the run's first accounts are made ({@link #addAccounts}), and what AdminCliIT and
   * LauncherUsersIT test. On Payara Server (no console unit) and against an external deployment, as
   * before, {@link #addUser}.
   */
  private TestAccount addTestUser(String label, String plan, String team) {
    if (external != null || payaraServer != null || !UNITS.contains(ADMIN)) {
      return team == null ? addUser(label, plan) : addUser(label, plan, "--team", team);
    }
    String email = label + "@example.test";
    jakarta.json.JsonObjectBuilder body =
        jakarta.json.Json.createObjectBuilder()
            .add("label", label)
            .add("plan", plan)
            .add("email", email);
    if (team != null) {
      body.add("team", team);
    }
    HttpRequest request =
        HttpRequest.newBuilder(adminUriOf().resolve("api/users"))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()))
            .timeout(Duration.ofSeconds(30))
            .build();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try {
      while (true) {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 429 && System.nanoTime() - deadline < 0) {
          // the console's sign-in throttle, closed for 127.0.0.1 by another test's wrong tokens:
          // wait as told, as an operator would
          long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
          Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
          continue;
        }
        if (response.statusCode() != 201) {
          throw new IllegalStateException(
              "POST /api/users for "
                  + label
                  + " answered "
                  + response.statusCode()
                  + " "
                  + response.body());
        }
        String key;
        try (jakarta.json.JsonReader reader =
            jakarta.json.Json.createReader(new java.io.StringReader(response.body()))) {
          key = reader.readObject().getString("key");
        }
        if (!key.matches("pgp_[0-9a-f]{64}")) {
          throw new IllegalStateException("POST /api/users gave no key for " + label);
        }
        return new TestAccount(label, plan, email, key, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code paramant user revoke} (see {@link #addUser}). */
  private void revoke(String label) {
    userCommand(List.of("user", "revoke", "--label", label));
  }

  /** {@code paramant user ARGS}, or its {@code bin/paramant admin ARGS --admin URL} equivalent. */
  private String userCommand(List<String> userArgs) {
    if (external == null) {
      return paramant.run(COMMAND_TIMEOUT, userArgs.toArray(String[]::new));
    }
    List<String> args = new java.util.ArrayList<>(userArgs);
    args.set(0, "admin");
    args.addAll(List.of("--admin", adminUriOf().toString()));
    return admin.run(COMMAND_TIMEOUT, args.toArray(String[]::new));
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
    if (external != null) {
      URI uri = external.get(sector);
      if (uri == null) {
        throw new IllegalArgumentException(
            sector
                + " is not part of the deployment (give -Dparamant.it."
                + (sector.equals(ADMIN) ? "admin" : "relay." + sector)
                + "=URL)");
      }
      return uri;
    }
    Integer port = ports.get(sector);
    if (port == null) {
      throw new IllegalArgumentException("sector " + sector + " is not part of the deployment");
    }
    return URI.create("http://127.0.0.1:" + port + "/");
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
