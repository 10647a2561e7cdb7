package io.paramant.relay.accounts;

import io.paramant.accounts.Plan;
import io.paramant.accounts.TeamOrSelf;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.Owner;

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

  /**
   * The identity under which this account's blobs are stored: its team-or-self ({@link
   * TeamOrSelf}), so an account without a team shares blobs with the devices it added.
   */
  public Owner owner() {
    return new Owner(label, TeamOrSelf.of(label, team));
  }

  /**
   * The TTL to apply to an upload of this account ({@link Plan#ttlMs}).
   *
   * @param requestedMs the TTL asked for, or {@code null}
   * @throws InvalidInputException {@code invalid_ttl} for zero or negative requests
   */
  public long ttlMs(Long requestedMs) {
    if (requestedMs != null && !Plan.isValidTtl(requestedMs)) {
      throw new InvalidInputException(
          "invalid_ttl", "ttl_ms must be a positive number of milliseconds.");
    }
    return plan.ttlMs(requestedMs);
  }
}
