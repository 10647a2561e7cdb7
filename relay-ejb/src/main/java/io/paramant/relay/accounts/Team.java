package io.paramant.relay.accounts;

import io.paramant.accounts.TeamOrSelf;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The devices of a team, as {@code /v2/team/...} sees them: the accounts, active or not, whose
 * team-or-self ({@link TeamOrSelf}) is the team's name.
 *
 * @param name the team's name
 * @param members its accounts, ordered by label
 */
public record Team(String name, List<Account> members) {

  public Team {
    members = List.copyOf(members);
  }

  /** The team of {@code caller} among {@code accounts}. */
  public static Team of(Account caller, Collection<Account> accounts) {
    String name = TeamOrSelf.of(caller.label(), caller.team());
    return new Team(
        name,
        accounts.stream()
            .filter(a -> TeamOrSelf.isMember(name, a.label(), a.team()))
            .sorted(Comparator.comparing(Account::label))
            .toList());
  }
}
