package io.paramant.accounts;

/**
 * Which team an account belongs to: its {@code team} when it has one, otherwise the team named
 * after its own label, which it leads (the devices it adds with {@code POST /v2/team/add-device}
 * get that team). So the members of team {@code T} are every account whose team is {@code T}, plus
 * the account labelled {@code T} when it has no team of its own. The relays share blobs and list
 * devices by it; the console groups its teams page by it.
 */
public final class TeamOrSelf {

  private TeamOrSelf() {}

  /**
   * @param label the account's label
   * @param team its team id, or {@code null}
   * @return the account's team
   */
  public static String of(String label, String team) {
    return team != null ? team : label;
  }

  /** Whether the account ({@code label}, {@code team}) is a member of the team {@code name}. */
  public static boolean isMember(String name, String label, String team) {
    return name.equals(of(label, team));
  }
}
