package io.paramant.admin.console;

import io.paramant.admin.users.User;
import io.paramant.admin.users.UsersStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * teams.xhtml: the device keys of every team. A team is the accounts sharing a {@code team} id,
 * plus the account whose label is that id (the team's owner, when it has no team of its own).
 */
@Named
@RequestScoped
@AdminOnly
public class TeamsBacking {

  /** One team and its devices. */
  public record Team(String id, List<User> devices) {
    public long getActive() {
      return devices.stream().filter(User::active).count();
    }

    public String getId() {
      return id;
    }

    public List<User> getDevices() {
      return devices;
    }
  }

  @Inject UsersStore users;

  private List<Team> teams;

  public List<Team> getTeams() {
    if (teams == null) {
      List<User> all = users.list();
      Map<String, List<User>> byTeam = new TreeMap<>();
      all.stream()
          .filter(u -> u.team() != null)
          .forEach(u -> byTeam.computeIfAbsent(u.team(), t -> new ArrayList<>()).add(u));
      all.stream()
          .filter(u -> u.team() == null && byTeam.containsKey(u.label()))
          .forEach(owner -> byTeam.get(owner.label()).add(0, owner));
      teams = byTeam.entrySet().stream().map(e -> new Team(e.getKey(), e.getValue())).toList();
    }
    return teams;
  }
}
