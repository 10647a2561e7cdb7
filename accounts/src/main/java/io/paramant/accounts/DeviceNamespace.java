package io.paramant.accounts;

/**
 * The namespace a device id lives in (PROTOCOL.md, "Version 2 leaves"): {@code team:<team id>} for
 * an account of a team, else {@code account:<label>}. Members of a team share their devices; other
 * accounts cannot see them. The namespace is part of a device's identity: it is bound into the
 * device's {@code pubkey} leaves, the console and the admin API show it with each key, and a client
 * is configured with it (it must not come from the relay it checks).
 *
 * <p>This is not team-or-self ({@link TeamOrSelf}): a team's lead without a team of its own keeps
 * its devices apart from its members' ({@code account:lead}, not {@code team:lead}), and the key
 * directories on disk hold these names, so the rule stays as it is.
 */
public final class DeviceNamespace {

  /** The prefix of a team's namespace. */
  public static final String TEAM = "team:";

  /** The prefix of an account's own namespace. */
  public static final String ACCOUNT = "account:";

  /** The sentence every refusal of a malformed namespace uses. */
  public static final String INVALID_DETAIL =
      "a namespace is team:<team id> or account:<label>, the id or label 1-64 letters, digits,"
          + " '.', '_', '@' or '-'.";

  private DeviceNamespace() {}

  /**
   * The namespace of an account's devices.
   *
   * @param label the account's label
   * @param team its team, or {@code null}
   */
  public static String of(String label, String team) {
    return team != null ? TEAM + team : ACCOUNT + label;
  }

  /** Whether {@code namespace} is {@code team:<valid label>} or {@code account:<valid label>}. */
  public static boolean isValid(String namespace) {
    if (namespace == null) {
      return false;
    }
    if (namespace.startsWith(TEAM)) {
      return UserFields.isValidLabel(namespace.substring(TEAM.length()));
    }
    if (namespace.startsWith(ACCOUNT)) {
      return UserFields.isValidLabel(namespace.substring(ACCOUNT.length()));
    }
    return false;
  }
}
