package io.paramant.client.cli;

import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import io.paramant.accounts.UsersFile;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code paramant admin add|list|revoke|activate|plan|sync}: account administration through the
 * admin console's API (API.md "Admin API"), which writes users.json and syncs every sector; or,
 * with {@code --users-file}, on users.json itself with the console's own writer (the launcher's
 * {@code user} commands while the console is down). The admin token comes from {@code ADMIN_TOKEN}
 * or a file, never from the command line (other users can read command lines).
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Administer the deployment's users through the admin console's API (default"
          + " http://127.0.0.1:4200, or PARAMANT_ADMIN_URL). The admin token is read from the"
          + " environment variable ADMIN_TOKEN, or from --token-file.",
      "With --users-file, change that users.json directly instead (while the console is down):"
          + " the console's checks, lock (users.json.lock) and edition cap (PLK_KEY,"
          + " PARAMANT_LICENCE_PUBLIC_KEY); the sectors read the file within seconds.",
      "When the console has a second factor (ADMIN_TOTP_SECRET), each call needs a current TOTP"
          + " code: --totp, else $PARAMANT_ADMIN_TOTP, else it is asked for at the terminal. A code"
          + " is good for one call.",
      "Exit 5 when the console refuses (wrong token or code, Community Edition cap, duplicate label), 6 for"
          + " an unknown label, 3 when it cannot be reached, 4 when another writer holds"
          + " users.json.lock for longer than --lock-wait."
    },
    subcommands = {
      AdminCommand.Add.class,
      AdminCommand.ListUsers.class,
      AdminCommand.Revoke.class,
      AdminCommand.Activate.class,
      AdminCommand.Plan.class,
      AdminCommand.Sync.class
    })
final class AdminCommand {

  @Option(
      names = "--admin",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "The admin console (default: $PARAMANT_ADMIN_URL or http://127.0.0.1:4200).")
  private URI admin;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Read the admin token from FILE instead of $ADMIN_TOKEN.")
  private Path tokenFile;

  @Option(
      names = "--totp",
      scope = ScopeType.INHERIT,
      paramLabel = "CODE",
      description =
          "The current TOTP code, when the console asks for one (default: $PARAMANT_ADMIN_TOTP,"
              + " else a prompt at the terminal).")
  private String totp;

  @Option(
      names = "--users-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Change this users.json itself, not through the console (for when the console is down).")
  private Path usersFile;

  @Option(
      names = "--lock-wait",
      scope = ScopeType.INHERIT,
      paramLabel = "SECONDS",
      description =
          "With --users-file: how long to wait for another writer of the file (default: 30;"
              + " ignored without --users-file).")
  private Integer lockWait;

  @Spec private CommandSpec spec;

  /** A refused or failed admin call, with the exit code it ends in. */
  static final class AdminFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    AdminFailure(String message, int exitCode) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  /** The accounts: users.json itself with {@code --users-file}, the console's API otherwise. */
  UserAdministration users() {
    if (usersFile == null) {
      return console(); // the console waits for the lock by itself
    }
    if (admin != null) {
      throw new AdminFailure("give --admin or --users-file, not both", ExitCodes.USAGE);
    }
    int seconds = lockWait == null ? (int) UsersFile.LOCK_WAIT.toSeconds() : lockWait;
    if (seconds < 0) {
      throw new AdminFailure("--lock-wait must not be negative", ExitCodes.USAGE);
    }
    return new UsersFileAdministration(
        usersFile, Duration.ofSeconds(seconds), System.getenv(), err());
  }

  /** The console's API (for what only the console does, like telling the sectors). */
  AdminApiClient console() {
    if (usersFile != null) {
      throw new AdminFailure(
          "this needs the admin console: with --users-file there is none to ask", ExitCodes.USAGE);
    }
    return new AdminApiClient(base(), token(), totpCode());
  }

  /** The TOTP code given on the command line or in the environment, or null. */
  private String totpCode() {
    if (totp != null && !totp.isBlank()) {
      return totp.strip();
    }
    String env = System.getenv("PARAMANT_ADMIN_TOTP");
    return env == null || env.isBlank() ? null : env.strip();
  }

  private URI base() {
    if (admin != null) {
      return admin;
    }
    String env = System.getenv("PARAMANT_ADMIN_URL");
    return URI.create(env == null || env.isBlank() ? "http://127.0.0.1:4200" : env.strip());
  }

  private String token() {
    String token;
    if (tokenFile != null) {
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new AdminFailure(tokenFile + ": cannot read the admin token", ExitCodes.LOCAL_ERROR);
      }
    } else {
      token = System.getenv("ADMIN_TOKEN");
    }
    if (token == null || token.isBlank()) {
      throw new AdminFailure(
          "no admin token: set ADMIN_TOKEN or give --token-file", ExitCodes.USAGE);
    }
    return token.strip();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Add a user; prints its new API key on standard output (the key is shown this once) and"
              + " its device namespace on standard error: hand both to the device's owner, who"
              + " configures the client with the namespace (--namespace).")
  static final class Add implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Option(names = "--label", required = true, description = "Unique name of the user.")
    private String label;

    @Option(
        names = "--plan",
        required = true,
        description = "free, pro or enterprise (TTL and device limits, API.md).")
    private String plan;

    @Option(names = "--email", required = true, description = "Contact address.")
    private String email;

    @Option(names = "--team", description = "Team id (optional).")
    private String team;

    @Override
    public Integer call() {
      NewUser created = admin.users().add(label, plan, email, team);
      admin
          .err()
          .println(
              "paramant admin: added "
                  + label
                  + " ("
                  + plan
                  + ") with device namespace "
                  + created.user().deviceNamespace()
                  + "; its API key follows and will not be shown again");
      admin.out().println(created.key());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the users (never their keys): label, plan, active/inactive, email, team, created,"
              + " device namespace; tab-separated.")
  static final class ListUsers implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Override
    public Integer call() {
      for (User u : admin.users().list()) {
        admin
            .out()
            .println(
                String.join(
                    "\t",
                    dash(u.label()),
                    dash(u.plan()),
                    u.active() ? "active" : "inactive",
                    dash(u.email()),
                    dash(u.team()),
                    dash(u.created()),
                    u.deviceNamespace()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Deactivate a user: every sector refuses its key and closes its sockets.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Option(names = "--label", required = true, description = "The user.")
    private String label;

    @Override
    public Integer call() {
      admin.users().revoke(label);
      admin.err().println("paramant admin: " + label + " is revoked");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = "Re-activate a revoked user (counts toward the edition's cap again).")
  static final class Activate implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Option(names = "--label", required = true, description = "The user.")
    private String label;

    @Override
    public Integer call() {
      admin.users().activate(label);
      admin.err().println("paramant admin: " + label + " is active");
      return ExitCodes.OK;
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true, description = "Change a user's plan.")
  static final class Plan implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Option(names = "--label", required = true, description = "The user.")
    private String label;

    @Option(names = "--plan", required = true, description = "free, pro or enterprise.")
    private String plan;

    @Override
    public Integer call() {
      admin.users().changePlan(label, plan);
      admin.err().println("paramant admin: " + label + " now has plan " + plan);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description = {
        "Tell every sector to load the current users now; one line per sector: name, in_sync or"
            + " out_of_sync, and why.",
        "Exit 0 when every sector is in sync, 3 when one is not (a sector that is down is synced"
            + " by the console when it returns)."
      })
  static final class Sync implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Override
    public Integer call() {
      JsonObject answer = admin.console().sync();
      boolean all = true;
      for (JsonValue value : answer.getJsonArray("sectors")) {
        JsonObject s = value.asJsonObject();
        String status = text(s, "status");
        all &= "in_sync".equals(status);
        String detail = s.get("detail") instanceof JsonString d ? "\t" + d.getString() : "";
        admin.out().println(text(s, "sector") + "\t" + status + detail);
      }
      return all ? ExitCodes.OK : ExitCodes.RELAY_ERROR;
    }

    private static String text(JsonObject o, String field) {
      return o.get(field) instanceof JsonString s ? s.getString() : "-";
    }
  }
}
