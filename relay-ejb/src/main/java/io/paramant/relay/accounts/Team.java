package io.paramant.relay.accounts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The devices of a team, as {@code /v2/team/...} sees them. A team is named by the {@code team} of
 * its accounts; an account without a team leads the team named by its own label. So the members of
 * team {@code T} are every account whose team is {@code T}, active or not, plus the account
 * labelled {@code T} if it has no team of its own.
 *
 * @param name the team's name
 * @param members its accounts, ordered by label
 */
public record Team(String name, List<Account> members) {

  public Team {
    members = List.copyOf(members);
  }

  /** The team of {@code caller}: its {@code team}, or its own label when it has none. */
  public static String nameOf(Account caller) {
    return caller.team() != null ? caller.team() : caller.label();
  }

  /** The team of {@code caller} among {@code accounts}. */
  public static Team of(Account caller, Collection<Account> accounts) {
    String name = nameOf(caller);
    return new Team(
        name,
        accounts.stream()
            .filter(a -> name.equals(a.team()) || (a.team() == null && name.equals(a.label())))
            .sorted(Comparator.comparing(Account::label))
            .toList());
  }
}
