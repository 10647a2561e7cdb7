package io.paramant.client.cli;

import io.paramant.accounts.NewUser;
import io.paramant.accounts.User;
import java.util.List;

/**
 * What {@code paramant admin} does to the accounts, one of two ways: through the admin console's
 * API ({@link AdminApiClient}, which also tells every sector), or on users.json itself with the
 * console's own writer while the console is down ({@link UsersFileAdministration}).
 */
interface UserAdministration {

  NewUser add(String label, String plan, String email, String team);

  List<User> list();

  User revoke(String label);

  User activate(String label);

  User changePlan(String label, String plan);
}
