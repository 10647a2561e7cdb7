package io.paramant.relay.keys;

import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;

/**
 * A device with the evidence a sender checks before using its keys: the registration's log entry
 * (its leaf bytes are {@code leaf.encode()}), the entry's inclusion proof, and the signed tree head
 * the proof leads to.
 *
 * @param namespace the namespace the device id lives in ({@link
 *     io.paramant.accounts.DeviceNamespace})
 * @param leaf the {@code pubkey} entry at {@code device.ctIndex()}: subject = fingerprint, {@code
 *     insertedAtMillis} = when the registration was logged
 * @param proof the inclusion proof of the leaf in the tree of {@code treeHead.treeSize()} leaves
 * @param treeHead a signed tree head that covers the leaf
 * @param logPublicKey the relay's ML-DSA-65 key that signs {@code treeHead}
 */
public record PublishedDevice(
    String namespace,
    RegisteredDevice device,
    LogEntry leaf,
    InclusionProof proof,
    SignedTreeHead treeHead,
    byte[] logPublicKey) {

  public PublishedDevice {
    logPublicKey = logPublicKey.clone();
  }

  @Override
  public byte[] logPublicKey() {
    return logPublicKey.clone();
  }
}
