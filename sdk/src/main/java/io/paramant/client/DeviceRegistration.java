package io.paramant.client;

import java.util.Objects;

/**
 * A device's registration with a relay, as {@link GhostPipe#registerDevice()} left it: the device
 * id bound to the keys with this fingerprint by the {@code pubkey} leaf {@code ctIndex} of the
 * relay's log, which was verified against a signed tree head.
 *
 * @param fingerprint lowercase hex SHA3-256 of the registered keys ({@link
 *     PublicKeys#fingerprint()}): compare it out of band
 * @param ctIndex the index of the registration's leaf in the relay's log
 */
public record DeviceRegistration(String deviceId, String fingerprint, long ctIndex) {

  public DeviceRegistration {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
