package io.paramant.client.cli;

import io.paramant.accounts.AccountsException;
import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import io.paramant.accounts.UsersFile;
import io.paramant.licence.Edition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code paramant admin --users-file FILE}: the accounts changed in users.json itself, by the code
 * the admin console writes it with ({@link UsersFile}): the same checks, the same lock ({@code
 * users.json.lock}) and the same edition cap and sentence. The edition comes from {@code PLK_KEY}
 * and {@code PARAMANT_LICENCE_PUBLIC_KEY}, the variables the console is configured with. The
 * sectors pick the file up by themselves (they poll it); nothing is pushed.
 */
final class UsersFileAdministration implements UserAdministration {

  private final UsersFile file;
  private final Edition edition;
  private final PrintWriter err;

  /**
   * @param environment where {@code PLK_KEY} and {@code PARAMANT_LICENCE_PUBLIC_KEY} are read
   * @param err where a line says that this waits for another writer
   */
  UsersFileAdministration(
      Path usersFile, Duration lockWait, Map<String, String> environment, PrintWriter err) {
    this.err = err;
    this.edition =
        Edition.resolve(
            Optional.ofNullable(environment.get("PLK_KEY")),
            Optional.ofNullable(environment.get("PARAMANT_LICENCE_PUBLIC_KEY")),
            Instant.now());
    UsersFile users = UsersFile.at(usersFile, () -> edition.at(Instant.now()));
    this.file =
        users.waitingForLock(
            lockWait,
            () ->
                err.println(
                    "paramant admin: waiting up to "
                        + lockWait.toSeconds()
                        + " s for "
                        + users.lockPath()
                        + " (another writer is changing the users)"));
  }

  @Override
  public NewUser add(String label, String plan, String email, String team) {
    try {
      return file.add(label, plan, email, team);
    } catch (AccountsException e) {
      throw explained(e);
    }
  }

  @Override
  public List<User> list() {
    return file.list();
  }

  @Override
  public User revoke(String label) {
    return file.revoke(label);
  }

  @Override
  public User activate(String label) {
    try {
      return file.activate(label);
    } catch (AccountsException e) {
      throw explained(e);
    }
  }

  @Override
  public User changePlan(String label, String plan) {
    return file.changePlan(label, plan);
  }

  /** At the cap, says first which edition this is and why (the console logs that at its start). */
  private AccountsException explained(AccountsException e) {
    if (e.kind() == AccountsException.Kind.EDITION_LIMIT) {
      err.println("paramant admin: " + edition.at(Instant.now()).explanation());
    }
    return e;
  }
}
