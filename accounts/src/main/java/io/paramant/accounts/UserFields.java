package io.paramant.accounts;

import java.util.regex.Pattern;

/** The rules for an account's label, team id and e-mail address, as users.json holds them. */
public final class UserFields {

  /**
   * Labels and team ids (a team is often named after its lead's label). The relays apply the same
   * rule when they read the file ({@code io.paramant.relay.accounts.Account#isValidLabel}).
   */
  public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,189}");
  private static final int MAX_EMAIL_CHARS = 254;

  private UserFields() {}

  /**
   * @throws AccountsException {@code invalid_label}
   */
  public static String requireLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw AccountsException.invalid(
          "invalid_label", "label must be 1-64 letters, digits, '.', '_', '@' or '-'.");
    }
    return label;
  }

  /**
   * @param team a team id, or {@code null} for none
   * @throws AccountsException {@code invalid_team}
   */
  public static String requireTeam(String team) {
    if (team != null && !LABEL.matcher(team).matches()) {
      throw AccountsException.invalid(
          "invalid_team", "team must be 1-64 letters, digits, '.', '_', '@' or '-'.");
    }
    return team;
  }

  /**
   * @throws AccountsException {@code invalid_email}
   */
  public static String requireEmail(String email) {
    if (email == null || email.length() > MAX_EMAIL_CHARS || !EMAIL.matcher(email).matches()) {
      throw AccountsException.invalid(
          "invalid_email", "email must be an address like alice@example.com.");
    }
    return email;
  }
}
