package io.paramant.relay.accounts;

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
 */
public record Account(String label, Plan plan, String email, boolean active, String team) {

  /** The identity under which this account's blobs are stored. */
  public Owner owner() {
    return new Owner(label, team);
  }
}
