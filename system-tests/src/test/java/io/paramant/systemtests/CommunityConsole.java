package io.paramant.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Further admin consoles without a licence (the Community Edition), each on its own data directory
 * ({@code system-tests/target/it-data-community[-totp|-totp-restarted]}), started by the launcher
 * ({@code paramant up admin}) on first use. Their sectors are configured on ports where nothing
 * runs, so they reach none. {@link #get()} signs in with the admin token; {@link
 * #withSecondFactor()} asks for a TOTP code as well ({@code ADMIN_TOTP_SECRET}), on its sign-in
 * page and on every API call; {@link #withSecondFactorOfItsOwn()} is another such console for
 * {@link SecondFactorIT} alone, which restarts it and runs beside the other classes. Stopped with
 * the deployment.
 *
 * <p>Each console has its own lock, so that one booting (a minute on a busy machine) does not hold
 * up a test that asks for another.
 */
final class CommunityConsole {

  private static final Object PLAIN_LOCK = new Object();
  private static final Object SECOND_FACTOR_LOCK = new Object();
  private static final Object OWN_SECOND_FACTOR_LOCK = new Object();

  private static CommunityConsole plain;
  private static CommunityConsole secondFactor;
  private static CommunityConsole ownSecondFactor;

  private final ParamantCommand paramant;
  private final URI uri;
  private final String adminToken;
  private final TotpCodes totp = new TotpCodes();

  private final Path dataDir;
  private final boolean totpOn;

  private CommunityConsole(Path repo, Path dataDir, boolean totpOn) {
    this.dataDir = dataDir;
    this.totpOn = totpOn;
    this.adminToken = HexFormat.of().formatHex(Deployment.randomBytes(24));
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet()
        .removeIf(k -> k.startsWith("PARAMANT_") || k.equals("ADMIN_TOKEN") || k.equals("PLK_KEY"));
    env.put("PARAMANT_ENV_FILE", "");
    env.put("ADMIN_TOKEN", adminToken);
    env.put("PARAMANT_DATA", dataDir.toString());
    if (totpOn) {
      env.put("ADMIN_TOTP_SECRET", totp.base32()); // sign-in and API ask for a code too
    }
    int port = Deployment.freeLoopbackPort();
    env.put("PARAMANT_PORT_ADMIN", Integer.toString(port));
    for (String sector : new String[] {"main", "health", "finance", "legal", "iot"}) {
      env.put(
          "PARAMANT_PORT_" + sector.toUpperCase(Locale.ROOT),
          Integer.toString(Deployment.freeLoopbackPort()));
    }
    String adminWar = System.getProperty("paramant.adminWar", "");
    if (!adminWar.isBlank() && !adminWar.contains("${")) {
      env.put("PARAMANT_ADMIN_WAR", adminWar);
    }
    this.paramant =
        new ParamantCommand(
            repo.resolve("server-config/paramant"), env, dataDir.resolve("launcher.log"));
    this.uri = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The Community console whose admin signs in with the token alone. */
  static CommunityConsole get() {
    synchronized (PLAIN_LOCK) {
      if (plain == null) {
        plain = start("it-data-community", false);
      }
      return plain;
    }
  }

  /** The Community console that asks for a TOTP code as well. */
  static CommunityConsole withSecondFactor() {
    synchronized (SECOND_FACTOR_LOCK) {
      if (secondFactor == null) {
        secondFactor = start("it-data-community-totp", true);
      }
      return secondFactor;
    }
  }

  /**
   * A console that asks for a TOTP code, for {@link SecondFactorIT} alone: it restarts the console
   * and spends codes while other classes run (AdminConsoleIT closes the door of {@link
   * #withSecondFactor()} on purpose).
   */
  static CommunityConsole withSecondFactorOfItsOwn() {
    synchronized (OWN_SECOND_FACTOR_LOCK) {
      if (ownSecondFactor == null) {
        ownSecondFactor = start("it-data-community-totp-restarted", true);
      }
      return ownSecondFactor;
    }
  }

  private static CommunityConsole start(String dirName, boolean totpOn) {
    Path repo = Deployment.repoRoot();
    Path dataDir = repo.resolve("system-tests/target/" + dirName);
    CommunityConsole console = new CommunityConsole(repo, dataDir, totpOn);
    console.paramant.run(Duration.ofMinutes(2), "down");
    Deployment.deleteRecursively(dataDir);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    console.paramant.run(Duration.ofMinutes(10), "up", "admin");
    return console;
  }

  /** Stops and starts this console again (its data directory stays). */
  synchronized void restart() {
    paramant.run(Duration.ofMinutes(2), "down", "admin");
    paramant.run(Duration.ofMinutes(10), "up", "admin");
  }

  static void stop() {
    synchronized (PLAIN_LOCK) {
      plain = stop(plain);
    }
    synchronized (SECOND_FACTOR_LOCK) {
      secondFactor = stop(secondFactor);
    }
    synchronized (OWN_SECOND_FACTOR_LOCK) {
      ownSecondFactor = stop(ownSecondFactor);
    }
  }

  private static CommunityConsole stop(CommunityConsole console) {
    if (console != null) {
      console.paramant.run(Duration.ofMinutes(2), "down", "admin");
    }
    return null;
  }

  /**
   * The console's record of the last spent TOTP step, {@code $PARAMANT_DATA/admin-totp-step}: a
   * file of the operator's contract (docs/operations.md), read by {@link SecondFactorIT} only.
   */
  Path spentTotpStepRecord() {
    return dataDir.resolve("admin-totp-step");
  }

  URI uri() {
    return uri;
  }

  String adminToken() {
    return adminToken;
  }

  /** The admin's authenticator app for this console (only {@link #withSecondFactor()}'s asks). */
  TotpCodes totp() {
    if (!totpOn) {
      throw new IllegalStateException("this console asks for no TOTP code");
    }
    return totp;
  }
}
