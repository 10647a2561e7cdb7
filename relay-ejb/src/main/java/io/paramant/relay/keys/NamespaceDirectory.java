package io.paramant.relay.keys;

import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import java.util.List;

/**
 * Every device of one namespace, each with the proof of its registration against ONE signed tree
 * head: a client checks one signature (and one witness quorum) for the whole directory, and a
 * receiver of signed transfers keeps this as its cached copy of who may sign (PROTOCOL.md, "Sender
 * signature"), refreshed whole rather than asking the relay about one sender.
 *
 * @param namespace the caller's namespace ({@link io.paramant.accounts.DeviceNamespace})
 * @param treeHead the head every proof leads to; it was taken before the proofs, and the directory
 *     lists exactly the namespace's devices whose leaf it covers
 * @param logPublicKey the relay's ML-DSA-65 key that signs {@code treeHead}
 * @param devices sorted by device id (Java {@code String} order, which for the ASCII device ids is
 *     byte order)
 */
public record NamespaceDirectory(
    String namespace, SignedTreeHead treeHead, byte[] logPublicKey, List<Listed> devices) {

  /**
   * One device of the directory.
   *
   * @param leaf its {@code pubkey} entry at {@code device.ctIndex()}
   * @param proof the inclusion proof of {@code leaf} in the tree that {@code treeHead} signs
   */
  public record Listed(RegisteredDevice device, LogEntry leaf, InclusionProof proof) {}

  public NamespaceDirectory {
    logPublicKey = logPublicKey.clone();
    devices = List.copyOf(devices);
  }

  @Override
  public byte[] logPublicKey() {
    return logPublicKey.clone();
  }
}
