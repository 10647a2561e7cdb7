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
 * A second admin console without a licence (the Community Edition), on its own data directory
 * ({@code system-tests/target/it-data-community}), started by the launcher ({@code paramant up
 * admin}) on first use. Its sectors are configured on ports where nothing runs, so it reaches none.
 * Its sign-in asks for a TOTP code as well ({@code ADMIN_TOTP_SECRET}). Stopped with the
 * deployment.
 */
final class CommunityConsole {

  private static CommunityConsole current;

  private final ParamantCommand paramant;
  private final URI uri;
  private final String adminToken;
  private final TotpCodes totp = new TotpCodes();

  private CommunityConsole(Path repo, Path dataDir) {
    this.adminToken = HexFormat.of().formatHex(Deployment.randomBytes(24));
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet()
        .removeIf(k -> k.startsWith("PARAMANT_") || k.equals("ADMIN_TOKEN") || k.equals("PLK_KEY"));
    env.put("PARAMANT_ENV_FILE", "");
    env.put("ADMIN_TOKEN", adminToken);
    env.put("PARAMANT_DATA", dataDir.toString());
    env.put("ADMIN_TOTP_SECRET", totp.base32()); // sign-in asks for a code too
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

  static synchronized CommunityConsole get() {
    if (current == null) {
      Path repo = Deployment.repoRoot();
      Path dataDir = repo.resolve("system-tests/target/it-data-community");
      CommunityConsole console = new CommunityConsole(repo, dataDir);
      console.paramant.run(Duration.ofMinutes(2), "down");
      Deployment.deleteRecursively(dataDir);
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      current = console;
      console.paramant.run(Duration.ofMinutes(10), "up", "admin");
    }
    return current;
  }

  static synchronized void stop() {
    if (current != null) {
      current.paramant.run(Duration.ofMinutes(2), "down", "admin");
      current = null;
    }
  }

  URI uri() {
    return uri;
  }

  String adminToken() {
    return adminToken;
  }

  /** The admin's authenticator app for this console. */
  TotpCodes totp() {
    return totp;
  }
}
