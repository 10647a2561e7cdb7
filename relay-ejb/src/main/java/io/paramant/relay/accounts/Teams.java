package io.paramant.relay.accounts;

import io.paramant.accounts.Plan;
import io.paramant.accounts.UserFields;
import io.paramant.relay.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Teams of accounts ({@link Team}) and adding device accounts to them. The relay never writes
 * users.json: a new device is added by the admin console ({@code paramant.admin-url}), which writes
 * the file and reloads every sector before it answers.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Teams {

  private static final System.Logger LOG = System.getLogger(Teams.class.getName());

  /** The label rule ({@link UserFields#isValidLabel}) in the words of the relay's API. */
  static final String LABEL_RULE =
      "1 to 64 characters of letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

  @Inject Accounts accounts;

  @Inject
  @ConfigProperty(name = "paramant.admin-url")
  Optional<String> adminUrl;

  @Inject
  @ConfigProperty(name = "paramant.admin-token")
  Optional<String> adminToken;

  private AdminConsole console;

  /** For the container. */
  public Teams() {}

  /** For tests without a container; {@code console} may be null (none configured). */
  Teams(Accounts accounts, AdminConsole console) {
    this.accounts = accounts;
    this.console = console;
  }

  /** Checks {@code paramant.admin-url}; a malformed one fails the deployment. */
  @PostConstruct
  void start() {
    if (adminUrl.isEmpty() || adminUrl.get().isBlank()) {
      LOG.log(
          Level.INFO,
          "paramant.admin-url (PARAMANT_ADMIN_URL) is not set: POST /v2/team/add-device answers"
              + " 503 admin_unavailable");
      return;
    }
    var url = AdminConsole.parseUrl(adminUrl.get());
    // Accounts refuses to start without a proper admin token; it is not checked twice.
    console =
        new AdminConsole(url, adminToken.map(String::strip).orElse(""), AdminConsole.httpClient());
    LOG.log(Level.INFO, "Devices are added to teams through the admin console at {0}", url);
  }

  /** The caller's team: {@link Team#of} over the accounts in force. */
  public Team devices(Account caller) {
    return accounts.teamOf(caller);
  }

  /**
   * Adds a device account to the caller's team, on the caller's plan, through the admin console.
   *
   * <p>Checks, in this order: the caller's plan (free: 403 {@code plan_required}), the label and
   * e-mail ({@link UserFields}), the team's size against the plan's device limit (members revoked
   * or not: 403 {@code device_limit}), a label already in users.json (409 {@code label_taken});
   * then the console decides (its 400, 402 and 409 are passed on).
   *
   * @param email the device's contact address, or null for the caller's
   */
  public NewDevice addDevice(Account caller, String label, String email) {
    if (caller.plan() == Plan.FREE) {
      throw TeamException.planRequired();
    }
    if (label == null) {
      throw new InvalidInputException("missing_field", "label is required.");
    }
    if (!UserFields.isValidLabel(label)) {
      throw new InvalidInputException("invalid_label", "label must be " + LABEL_RULE + ".");
    }
    if (email != null && !UserFields.isValidEmail(email)) {
      throw new InvalidInputException(
          "invalid_email", "email must be an address like alice@example.com.");
    }
    Team team = accounts.teamOf(caller);
    int maxDevices = caller.plan().maxDevices();
    if (team.members().size() >= maxDevices) {
      throw TeamException.deviceLimit(team.members().size(), maxDevices);
    }
    if (accounts.labelExists(label)) {
      throw TeamException.labelTaken(label);
    }
    if (console == null) {
      throw new AdminUnavailableException(
          "No admin console is configured for this relay (paramant.admin-url).",
          AdminConsole.DEFAULT_RETRY_AFTER_SECONDS);
    }
    AdminConsole.Created created =
        console.addUser(label, caller.plan(), email != null ? email : caller.email(), team.name());
    LOG.log(
        Level.INFO,
        "Account {0} added device account {1} to team {2}",
        caller.label(),
        created.label(),
        created.team());
    return new NewDevice(created.label(), created.team(), created.plan(), created.key());
  }
}
