package io.paramant.admin.console;

import io.paramant.accounts.TeamOrSelf;
import io.paramant.accounts.User;
import io.paramant.admin.users.UsersStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * teams.xhtml: the device keys of every team. A team's members are the accounts whose team-or-self
 * ({@link TeamOrSelf}) is its id, the team's owner (the account labelled so, without a team of its
 * own) first; an account alone in the team it leads is not listed as a team.
 */
@Named
@RequestScoped
@AdminOnly
public class TeamsBacking {

  /**
   * One team and its devices. teams.xhtml calls its methods ({@code #{team.id()}}), which EL 5 and
   * EL 6 both read (see {@link DashboardBacking.Row}).
   */
  public record Team(String id, List<User> devices) {
    public long active() {
      return devices.stream().filter(User::active).count();
    }
  }

  @Inject UsersStore users;

  private List<Team> teams;

  public List<Team> getTeams() {
    if (teams == null) {
      Map<String, List<User>> byTeam = new TreeMap<>();
      for (User user : users.list()) {
        List<User> members = byTeam.computeIfAbsent(user.teamOrSelf(), t -> new ArrayList<>());
        if (user.team() == null) {
          members.add(0, user); // the owner
        } else {
          members.add(user);
        }
      }
      teams =
          byTeam.entrySet().stream()
              .filter(e -> e.getValue().stream().anyMatch(u -> u.team() != null))
              .map(e -> new Team(e.getKey(), e.getValue()))
              .toList();
    }
    return teams;
  }
}
