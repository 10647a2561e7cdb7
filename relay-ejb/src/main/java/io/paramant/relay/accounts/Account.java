package io.paramant.relay.accounts;

import io.paramant.relay.blob.Owner;
import java.util.regex.Pattern;

/**
 * A user of the relay as configured in users.json. The API key itself is never held, only its
 * SHA-256.
 *
 * @param label unique account name
 * @param plan TTL and device rules
 * @param email contact address
 * @param active whether the key is accepted
 * @param team team id, or {@code null}
 * @param created when the account was created, as users.json states it (kept as-is), or {@code
 *     null}
 */
public record Account(
    String label, Plan plan, String email, boolean active, String team, String created) {

  /** The rule for labels of new accounts: see {@link #isValidLabel}. */
  public static final String LABEL_RULE =
      "1 to 64 characters of letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /**
   * Whether {@code label} is acceptable for a new account ({@link #LABEL_RULE}): 1 to 64 ASCII
   * letters, digits, {@code .}, {@code _}, {@code @} or {@code -}, the first a letter or digit (the
   * rule the admin console and the launcher apply to every new account). Accounts already in
   * users.json are not re-checked against it.
   */
  public static boolean isValidLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }

  /**
   * The identity under which this account's blobs are stored. An account without a team leads the
   * team named after its label (the devices it adds with {@code POST /v2/team/add-device} get that
   * team), so it shares blobs with them.
   */
  public Owner owner() {
    return new Owner(label, team != null ? team : label);
  }
}
