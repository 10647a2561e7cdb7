package io.paramant.relay.did;

/**
 * A registered DID and what it is bound to, forever.
 *
 * @param did the identifier, which is the hash of the two keys
 * @param namespace the device's namespace (its registering account's team, else the account)
 * @param account the label of the registering account: DID-authenticated requests act for it
 * @param deviceId the device's id in its namespace
 * @param mlDsa65 the signing key (1952 bytes)
 * @param p256 the key-agreement key (65 bytes)
 * @param ctIndex the index of the {@code did} leaf in the sector's transparency log
 */
public record BoundDid(
    String did,
    String namespace,
    String account,
    String deviceId,
    byte[] mlDsa65,
    byte[] p256,
    long ctIndex) {

  /** Whether this binding is exactly {@code other}'s (keys are compared by content). */
  boolean sameAs(String namespace, String deviceId, byte[] mlDsa65, byte[] p256) {
    return this.namespace.equals(namespace)
        && this.deviceId.equals(deviceId)
        && java.util.Arrays.equals(this.mlDsa65, mlDsa65)
        && java.util.Arrays.equals(this.p256, p256);
  }
}
