package io.paramant.accounts;

/**
 * An account as the admin tools show it: never its key, nor the key's digest.
 *
 * @param label unique name
 * @param plan free, pro or enterprise
 * @param email contact address, or {@code null}
 * @param active whether its key is accepted
 * @param created ISO-8601 instant of creation, or {@code null} for accounts written by hand
 * @param team team id, or {@code null}
 */
public record User(
    String label, String plan, String email, boolean active, String created, String team) {

  /** The team this account belongs to ({@link TeamOrSelf}). */
  public String teamOrSelf() {
    return TeamOrSelf.of(label, team);
  }

  /**
   * The namespace this account's devices live in ({@link DeviceNamespace}): what the admin hands to
   * the device's owner with the key, so that the client need not learn it from the relay.
   */
  public String deviceNamespace() {
    return DeviceNamespace.of(label, team);
  }
}
