package io.paramant.accounts;

import java.util.regex.Pattern;

/**
 * The rules for an account's label, team id and e-mail address: the one copy of each, used by the
 * admin console and the CLI when they write users.json ({@link UsersFile}) and by the relays when
 * an account adds a device to its team ({@code POST /v2/team/add-device}).
 *
 * <p>Each rule is a test ({@code isValid…}) that says nothing about how a refusal is worded, and a
 * {@code require…} that refuses in the admin tools' words ({@link AccountsException}). The relays
 * word their own refusals (API.md), so the same rule reads differently there; the code is the same.
 */
public final class UserFields {

  /**
   * Labels and team ids (a team is often named after its lead's label): 1 to 64 ASCII letters,
   * digits, {@code .}, {@code _}, {@code @} or {@code -}, the first a letter or digit.
   */
  public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /**
   * E-mail addresses: a local part of 1 to 64 and a domain of 1 to 189 characters, neither with
   * white space or a second {@code @}; at most 254 characters in all (the longest address SMTP
   * carries). This is deliberately loose: an address is for people to read, nothing is sent to it.
   *
   * <p>Of the two rules the product had, this is the stricter one, and it accepts every address the
   * product accepted: the admin console and the CLI applied it, and the relay's own looser check
   * ({@code [^\s@]+@[^\s@]+}, 254 characters) only came before the console's, which refused the
   * rest with the same code and sentence. So a relay now refuses such an address itself, before
   * asking the console.
   */
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,189}");

  private static final int MAX_EMAIL_CHARS = 254;

  private UserFields() {}

  /** Whether {@code label} is a valid label or team id ({@link #LABEL}); {@code null} is not. */
  public static boolean isValidLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }

  /** Whether {@code email} is a valid address ({@link #EMAIL}); {@code null} is not. */
  public static boolean isValidEmail(String email) {
    return email != null && email.length() <= MAX_EMAIL_CHARS && EMAIL.matcher(email).matches();
  }

  /**
   * @throws AccountsException {@code invalid_label}
   */
  public static String requireLabel(String label) {
    if (!isValidLabel(label)) {
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
    if (team != null && !isValidLabel(team)) {
      throw AccountsException.invalid(
          "invalid_team", "team must be 1-64 letters, digits, '.', '_', '@' or '-'.");
    }
    return team;
  }

  /**
   * @throws AccountsException {@code invalid_email}
   */
  public static String requireEmail(String email) {
    if (!isValidEmail(email)) {
      throw AccountsException.invalid(
          "invalid_email", "email must be an address like alice@example.com.");
    }
    return email;
  }
}
