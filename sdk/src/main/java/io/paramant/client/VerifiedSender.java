package io.paramant.client;

import java.util.Objects;

/**
 * Who sent a received file: the device whose ML-DSA-65 signature verified on every chunk, with the
 * keys its namespace's log proves for it (PROTOCOL.md, "Sender signature").
 *
 * @param namespace the signer's namespace ({@code team:x} or {@code account:y}), the receiver's own
 * @param deviceId the signing device's id
 * @param keys the signer's public keys, proven by a {@code pubkey} leaf bound to namespace and id
 * @param sector the sector of the home log that holds that leaf
 * @param ctIndex the leaf's index in that log
 */
public record VerifiedSender(
    String namespace, String deviceId, PublicKeys keys, String sector, long ctIndex) {

  public VerifiedSender {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(sector, "sector");
  }

  /** The fingerprint of the signer's keys. */
  public String fingerprint() {
    return keys.fingerprint();
  }

  /** {@code namespace/device}, e.g. {@code team:x/laptop}. */
  public String name() {
    return namespace + "/" + deviceId;
  }

  /**
   * The line {@code paramant receive} prints: {@code team:x/laptop (signed, verified in log main)}.
   */
  public String describe() {
    return name() + " (signed, verified in log " + sector + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
