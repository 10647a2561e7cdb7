package io.paramant.client.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * admin console's API (API.md "Admin API"), which writes users.json and syncs every sector. The
 * admin token comes from {@code ADMIN_TOKEN} or a file, never from the command line (other users
 * can read command lines).
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Administer the deployment's users through the admin console's API (default"
          + " http://127.0.0.1:4200, or PARAMANT_ADMIN_URL). The admin token is read from the"
          + " environment variable ADMIN_TOKEN, or from --token-file.",
      "When the console has a second factor (ADMIN_TOTP_SECRET), each call needs a current TOTP"
          + " code: --totp, else $PARAMANT_ADMIN_TOTP, else it is asked for at the terminal. A code"
          + " is good for one call.",
      "Exit 5 when the console refuses (wrong token or code, Community Edition cap, duplicate"
          + " label), 6 for an unknown label, 3 when it cannot be reached."
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

  @Spec private CommandSpec spec;

  /** The header that carries the TOTP code (the console's {@code BearerFilter}). */
  static final String TOTP_HEADER = "X-Admin-TOTP";

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

  /** The TOTP code given on the command line or in the environment, or null. */
  private String givenCode() {
    if (totp != null && !totp.isBlank()) {
      return totp.strip();
    }
    String env = System.getenv("PARAMANT_ADMIN_TOTP");
    return env == null || env.isBlank() ? null : env.strip();
  }

  /** Calls the console; returns the JSON answer of a 2xx, throws {@link AdminFailure} otherwise. */
  JsonObject call(String method, String path, JsonObject body) {
    String code = givenCode();
    HttpResponse<String> response = send(method, path, body, code);
    if (response.statusCode() == 401
        && code == null
        && "required".equals(response.headers().firstValue(TOTP_HEADER).orElse(null))) {
      java.io.Console terminal = System.console();
      if (terminal == null) {
        throw new AdminFailure(
            "the admin console needs a TOTP code: give --totp CODE or set PARAMANT_ADMIN_TOTP",
            ExitCodes.REFUSED);
      }
      String typed = terminal.readLine("TOTP code: ");
      if (typed != null && !typed.isBlank()) {
        response = send(method, path, body, typed.strip());
      }
    }
    return answer(response);
  }

  private HttpResponse<String> send(String method, String path, JsonObject body, String code) {
    URI base = base();
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root + "api" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token())
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (code != null) {
      request.header(TOTP_HEADER, code);
    }
    try {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdminFailure(
          "the admin console at " + base + " did not answer (" + e.getClass().getSimpleName() + ")",
          ExitCodes.RELAY_ERROR);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminFailure("interrupted", ExitCodes.LOCAL_ERROR);
    }
  }

  private static JsonObject answer(HttpResponse<String> response) {
    JsonObject json = parse(response.body());
    int status = response.statusCode();
    if (status / 100 == 2 && json != null) {
      return json;
    }
    String detail =
        json != null && json.get("detail") instanceof JsonString d
            ? d.getString()
            : "HTTP " + status;
    int exit =
        switch (status) {
          case 400 -> ExitCodes.USAGE;
          case 401, 402, 409, 429 -> ExitCodes.REFUSED;
          case 404 -> ExitCodes.NOT_FOUND;
          default -> ExitCodes.RELAY_ERROR;
        };
    throw new AdminFailure("the admin console refused (" + status + "): " + detail, exit);
  }

  private static JsonObject parse(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code POST /api/users/{label}/{action}}, then one line on standard error. */
  int labelAction(String label, String action, String done) {
    call("POST", "/users/" + Labels.path(label) + "/" + action, null);
    err().println("paramant admin: " + label + " " + done);
    return ExitCodes.OK;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String text(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s ? s.getString() : "-";
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Add a user; prints its new API key on standard output. The key is shown this once.")
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
      var body =
          Json.createObjectBuilder().add("label", label).add("plan", plan).add("email", email);
      if (team != null) {
        body.add("team", team);
      }
      JsonObject answer = admin.call("POST", "/users", body.build());
      admin
          .err()
          .println(
              "paramant admin: added "
                  + label
                  + " ("
                  + plan
                  + "); its API key follows and will not be shown again");
      admin.out().println(answer.getString("key"));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the users (never their keys): label, plan, active/inactive, email, team, created;"
              + " tab-separated.")
  static final class ListUsers implements Callable<Integer> {
    @ParentCommand private AdminCommand admin;

    @Override
    public Integer call() {
      JsonObject answer = admin.call("GET", "/users", null);
      for (JsonValue value : answer.getJsonArray("users")) {
        JsonObject u = value.asJsonObject();
        admin
            .out()
            .println(
                String.join(
                    "\t",
                    text(u, "label"),
                    text(u, "plan"),
                    u.getBoolean("active", false) ? "active" : "inactive",
                    text(u, "email"),
                    text(u, "team"),
                    text(u, "created")));
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
      return admin.labelAction(label, "revoke", "is revoked");
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
      return admin.labelAction(label, "activate", "is active");
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
      admin.call(
          "POST",
          "/users/" + Labels.path(label) + "/plan",
          Json.createObjectBuilder().add("plan", plan).build());
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
      JsonObject answer = admin.call("POST", "/sync", null);
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
  }

  /** Labels as one URL path segment (the console refuses anything outside its label rule). */
  static final class Labels {
    private Labels() {}

    static String path(String label) {
      return java.net.URLEncoder.encode(label, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
