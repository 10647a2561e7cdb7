package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.ct.entry.DeviceBinding;
import java.util.Objects;

/**
 * What a sender needs to sign a chunk (PROTOCOL.md, "Sender signature"): its device keys, its
 * namespace and device id (written into the plaintext), the binding of the recipient device
 * (signed, not written) and the signing time.
 *
 * @param keys the sending device's keys; the ML-DSA-65 key signs
 * @param namespace the sender's namespace, as its {@code pubkey} leaf binds it
 * @param deviceId the sender's device id
 * @param recipientBinding {@code DeviceBinding.of(recipient namespace, recipient device id)}
 * @param signedAtMillis the sender's clock, milliseconds since the epoch
 */
public record Signing(
    DeviceKeys keys,
    String namespace,
    String deviceId,
    byte[] recipientBinding,
    long signedAtMillis) {

  public Signing {
    Objects.requireNonNull(keys, "keys");
    // the binding's rules are the length rules of the signature block (both fit in a u8)
    DeviceBinding.of(namespace, deviceId);
    if (recipientBinding.length != DeviceBinding.LENGTH) {
      throw new IllegalArgumentException("a recipient binding is 32 bytes");
    }
    recipientBinding = recipientBinding.clone();
  }

  /**
   * Signing as device {@code deviceId} of {@code namespace} for device {@code recipient} of the
   * same namespace.
   */
  public static Signing to(
      DeviceKeys keys, String namespace, String deviceId, String recipient, long signedAtMillis) {
    return new Signing(
        keys, namespace, deviceId, DeviceBinding.of(namespace, recipient), signedAtMillis);
  }

  @Override
  public byte[] recipientBinding() {
    return recipientBinding.clone();
  }
}
