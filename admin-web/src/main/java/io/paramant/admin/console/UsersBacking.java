package io.paramant.admin.console;

import io.paramant.accounts.NewUser;
import io.paramant.accounts.Plan;
import io.paramant.accounts.User;
import io.paramant.admin.AdminException;
import io.paramant.admin.edition.EditionService;
import io.paramant.admin.users.UsersStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * users.xhtml: search, add (the new key is shown in the answer to the add and nowhere else: it
 * lives in this request-scoped bean only), change plan, revoke, re-activate.
 */
@Named
@RequestScoped
@AdminOnly
public class UsersBacking {

  @Inject UsersStore users;
  @Inject EditionService edition;
  @Inject FacesContext faces;

  private String query;
  private String label;
  private String plan = "free";
  private String email;
  private String team;
  private NewUser created;
  private final Map<String, String> planChoice = new HashMap<>();
  private List<User> shown;

  /** The users matching the search (label, email or team contains it, case-insensitive). */
  public List<User> getUsers() {
    if (shown == null) {
      String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
      shown =
          users.list().stream()
              .filter(
                  u ->
                      q.isEmpty()
                          || contains(u.label(), q)
                          || contains(u.email(), q)
                          || contains(u.team(), q))
              .toList();
      shown.forEach(u -> planChoice.putIfAbsent(u.label(), u.plan()));
    }
    return shown;
  }

  public long getActiveCount() {
    return users.list().stream().filter(User::active).count();
  }

  public int getMaxActiveUsers() {
    return edition.current().maxActiveUsers();
  }

  public String getEditionName() {
    return edition.current().name();
  }

  public List<String> getPlans() {
    return Plan.NAMES;
  }

  public void add() {
    try {
      created = users.add(label, plan, email, blankToNull(team));
      Messages.info(faces, "Added " + created.user().label() + ".");
      label = null;
      email = null;
      team = null;
      shown = null;
    } catch (AdminException e) {
      Messages.refused(faces, e);
    }
  }

  public void revoke(String who) {
    act(() -> users.revoke(who), "Revoked " + who + ": every sector refuses its key now.");
  }

  public void activate(String who) {
    act(() -> users.activate(who), "Re-activated " + who + ".");
  }

  public void changePlan(String who) {
    String chosen = planChoice.get(who);
    act(() -> users.changePlan(who, chosen), who + " now has plan " + chosen + ".");
  }

  private void act(Runnable action, String done) {
    try {
      action.run();
      Messages.info(faces, done);
      shown = null;
    } catch (AdminException e) {
      Messages.refused(faces, e);
    }
  }

  private static boolean contains(String field, String q) {
    return field != null && field.toLowerCase(Locale.ROOT).contains(q);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The account added by this request, with its key; {@code null} otherwise. */
  public NewUser getCreated() {
    return created;
  }

  public Map<String, String> getPlanChoice() {
    return planChoice;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public String getPlan() {
    return plan;
  }

  public void setPlan(String plan) {
    this.plan = plan;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getTeam() {
    return team;
  }

  public void setTeam(String team) {
    this.team = team;
  }
}
