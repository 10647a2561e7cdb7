package io.paramant.client;

import java.util.Objects;

/**
 * A device's DID as {@link GhostPipe#registerDid()} left it: bound to the device id by the relay,
 * its {@code did} leaf {@code ctIndex} of the relay's log proven against a verified tree head.
 *
 * @param did {@code did:paramant:} and 32 base32 characters
 * @param deviceId the device the DID is bound to (in the account's namespace; never re-bound)
 * @param ctIndex the index of the DID's {@code did} leaf in the relay's log
 */
public record DidRegistration(String did, String deviceId, long ctIndex) {

  public DidRegistration {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(deviceId, "deviceId");
  }
}
