package io.paramant.admin.users;

import io.paramant.accounts.AccountsException;
import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import io.paramant.accounts.UsersFile;
import io.paramant.admin.AdminException;
import io.paramant.admin.edition.EditionService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts of the deployment, {@code <paramant.data>/users.json}, as the console uses them: the
 * shared writer {@link UsersFile} (accounts module; the CLI's {@code paramant admin --users-file}
 * uses the same code while the console is down) capped by this console's {@link EditionService},
 * with each refusal as an {@link AdminException} and each written file announced as {@link
 * UsersChanged} so that every sector is told.
 */
@ApplicationScoped
public class UsersStore {

  private static final System.Logger LOG = System.getLogger(UsersStore.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataRoot;

  @Inject EditionService edition;

  @Inject Event<UsersChanged> changes;

  private UsersFile file;

  /** For the container. */
  public UsersStore() {}

  /** For tests without a container. */
  UsersStore(UsersFile file) {
    this.file = file;
  }

  @PostConstruct
  void start() {
    file =
        UsersFile.in(Path.of(dataRoot), edition::current)
            .afterWrite(sha256 -> changes.fire(new UsersChanged(sha256)));
  }

  /** All accounts, in file order. */
  public List<User> list() {
    return refusing(file::list);
  }

  /** The SHA-256 of users.json as it is now, or {@code null} when there is none yet. */
  public String sha256() {
    return file.sha256();
  }

  /** The users file (for messages). */
  public Path path() {
    return file.path();
  }

  /**
   * Adds an active account with a new key.
   *
   * @param team team id or {@code null}
   * @throws AdminException 400 for a bad label/plan/email/team, 409 {@code label_taken}, 402 {@code
   *     edition_limit} when the edition's active-user cap is reached
   */
  public NewUser add(String label, String plan, String email, String team) {
    NewUser created = refusing(() -> file.add(label, plan, email, team));
    LOG.log(Level.INFO, "Added user {0} (plan {1})", label, plan);
    return created;
  }

  /**
   * Deactivates an account (idempotent): every sector stops accepting its key after the reload.
   *
   * @throws AdminException 404 for an unknown label
   */
  public User revoke(String label) {
    User user = refusing(() -> file.revoke(label));
    LOG.log(Level.INFO, "Revoked user {0}", label);
    return user;
  }

  /**
   * Re-activates an account (idempotent); it counts toward the edition's cap again.
   *
   * @throws AdminException 404 for an unknown label, 402 at the cap
   */
  public User activate(String label) {
    User user = refusing(() -> file.activate(label));
    LOG.log(Level.INFO, "Re-activated user {0}", label);
    return user;
  }

  /**
   * Changes an account's plan.
   *
   * @throws AdminException 404 for an unknown label, 400 for an unknown plan
   */
  public User changePlan(String label, String plan) {
    User user = refusing(() -> file.changePlan(label, plan));
    LOG.log(Level.INFO, "User {0} now has plan {1}", label, plan);
    return user;
  }

  private static <T> T refusing(Supplier<T> change) {
    try {
      return change.get();
    } catch (AccountsException e) {
      throw AdminException.refused(e);
    }
  }
}
