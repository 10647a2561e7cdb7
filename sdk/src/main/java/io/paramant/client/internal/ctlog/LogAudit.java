package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.BAD_SIGNATURE;
import static io.paramant.client.LogVerificationException.Reason.FORKED;
import static io.paramant.client.LogVerificationException.Reason.KEY_CHANGED;
import static io.paramant.client.LogVerificationException.Reason.KEY_MISMATCH;
import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;
import static io.paramant.client.LogVerificationException.Reason.NAMESPACE_CHANGED;
import static io.paramant.client.LogVerificationException.Reason.NOT_INCLUDED;
import static io.paramant.client.LogVerificationException.Reason.REWOUND;
import static io.paramant.client.LogVerificationException.Reason.WRONG_BINDING;

import io.paramant.client.LogVerificationException;
import io.paramant.client.VerifiedHead.Pinning;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.InvalidTreeHeadException;
import io.paramant.ct.sth.SignedTreeHead;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The client's rules for a relay's log (PROTOCOL.md, "CT log"; the {@code ct} tag of the OpenAPI
 * document), free of I/O so that they are tested against heads and proofs of a real log. Every
 * check uses the relay's own verifier code ({@link SignedTreeHead#verify}, {@link
 * ConsistencyProof#verify}, {@link InclusionProof#verify}) with {@link TreeHasher#SHA3_256}.
 */
public final class LogAudit {

  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /** The relay's consistency proofs, asked for only when a head has grown. */
  @FunctionalInterface
  public interface ConsistencyProofs {
    /** The relay's proof that the tree of {@code firstSize} leaves is a prefix of the other. */
    ConsistencyProof between(long firstSize, long secondSize);
  }

  /**
   * A served head that passed: what to store for the relay, and how its key came to be trusted.
   *
   * @param previousTreeSize the size of the stored head the new one was checked against; empty when
   *     there was none under this key
   */
  public record Accepted(PinnedHead pinned, Pinning pinning, OptionalLong previousTreeSize) {}

  private static final TreeHasher HASHER = TreeHasher.SHA3_256;

  private LogAudit() {}

  /**
   * Decides whether {@code served} may become the relay's newest verified head.
   *
   * <ol>
   *   <li>The served key id must be the SHA3-256 of the served public key.
   *   <li>If the caller expects a key id, the relay must present it. Otherwise a key pinned before
   *       must still be the relay's key; a relay without a pinned key is trusted on first use.
   *   <li>The head must verify with the pinned key (never the served one, once a key is pinned).
   *   <li>Against a stored head of the same key: fewer leaves is a rewound log; the same size with
   *       another root, or a consistency proof that does not verify, a forked one.
   * </ol>
   *
   * A key that the caller expects replaces another pinned key, and the stored head of the old key
   * is dropped: a relay gets a new key only with a new data directory, which holds a new log.
   *
   * @param expectedKeyId lowercase hex, or null if the caller expects no particular key
   * @throws LogVerificationException {@code BAD_SIGNATURE}, {@code KEY_CHANGED}, {@code REWOUND} or
   *     {@code FORKED}
   */
  public static Accepted acceptHead(
      RelayAddress relay,
      Optional<PinnedHead> stored,
      ServedHead served,
      String expectedKeyId,
      ConsistencyProofs proofs) {
    SignedTreeHead head = served.head();
    byte[] servedKey = served.publicKey();
    if (!SignedTreeHead.keyId(servedKey).equals(head.keyId())) {
      throw new LogVerificationException(
          BAD_SIGNATURE,
          "the relay names key " + head.keyId() + " but serves a key with another hash");
    }
    if (expectedKeyId != null && !expectedKeyId.equals(head.keyId())) {
      throw new LogVerificationException(
          KEY_CHANGED,
          "the relay signs with key " + head.keyId() + ", not the expected key " + expectedKeyId);
    }
    Optional<PinnedHead> sameKey = stored.filter(p -> p.keyId().equals(head.keyId()));
    if (stored.isPresent() && sameKey.isEmpty() && expectedKeyId == null) {
      throw new LogVerificationException(
          KEY_CHANGED,
          "the relay now signs with key "
              + head.keyId()
              + ", but key "
              + stored.get().keyId()
              + " is pinned for it; if the relay announced its new key, expect that key id");
    }
    byte[] key = sameKey.map(PinnedHead::publicKey).orElse(servedKey);
    try {
      head.verify(key);
    } catch (InvalidTreeHeadException e) {
      throw new LogVerificationException(BAD_SIGNATURE, e.getMessage(), e);
    }
    PinnedHead next = new PinnedHead(relay, key, head);
    if (sameKey.isEmpty()) {
      return new Accepted(
          next, stored.isEmpty() ? Pinning.FIRST_USE : Pinning.REPINNED, OptionalLong.empty());
    }
    SignedTreeHead previous = sameKey.get().head();
    requireExtension(previous, head, proofs);
    return new Accepted(next, Pinning.PINNED, OptionalLong.of(previous.treeSize()));
  }

  /**
   * Decides whether {@code served}, a head the relay served inside another answer (the head a key
   * lookup's inclusion proof leads to), is a head of the relay's one log. The same rules as {@link
   * #acceptHead}, except that such a head may be older than the stored one (another verification
   * stored a newer head meanwhile): it is then proven to be a prefix of the stored head, and the
   * stored head stays.
   *
   * @return what to store for the relay: the served head when it is at least as new as the stored
   *     one, else the stored head unchanged ({@link Accepted#pinned()} equals the stored value)
   * @throws LogVerificationException {@code BAD_SIGNATURE}, {@code KEY_CHANGED} or {@code FORKED}
   */
  public static Accepted acceptServedHead(
      RelayAddress relay,
      Optional<PinnedHead> stored,
      ServedHead served,
      String expectedKeyId,
      ConsistencyProofs proofs) {
    SignedTreeHead head = served.head();
    Optional<PinnedHead> older =
        stored.filter(p -> p.keyId().equals(head.keyId()) && head.treeSize() < p.head().treeSize());
    if (older.isEmpty()) {
      return acceptHead(relay, stored, served, expectedKeyId, proofs);
    }
    PinnedHead pinned = older.get();
    try {
      head.verify(pinned.publicKey());
    } catch (InvalidTreeHeadException e) {
      throw new LogVerificationException(BAD_SIGNATURE, e.getMessage(), e);
    }
    requireExtension(head, pinned.head(), proofs);
    return new Accepted(pinned, Pinning.PINNED, OptionalLong.of(pinned.head().treeSize()));
  }

  /**
   * Checks the {@code pubkey} leaf of a device's registration against the namespace in force
   * ({@code namespace}: configured, or pinned; never the one the relay serves): the namespace the
   * relay serves must be it, the binding must be exactly {@code binding(namespace, requested device
   * id)}, the fingerprint computed here from the served keys must be the one the relay served, and
   * the inclusion proof of the leaf rebuilt from that fingerprint, that binding, the served sector
   * and registration time must lead to the root of {@code head}, a verified head of the size the
   * proof was made for. Which log and sector the leaf must come from is the caller's check (the
   * namespace's home log).
   *
   * @throws LogVerificationException {@code NAMESPACE_CHANGED} if the relay serves the device in
   *     another namespace; {@code WRONG_BINDING} if the served binding is not that of the namespace
   *     and the device id; {@code KEY_MISMATCH} if the served keys are not the ones the fingerprint
   *     names; {@code NOT_INCLUDED} if the proof does not verify; {@code MALFORMED_RESPONSE} if the
   *     proof is for another tree than the head
   */
  public static void checkRegistration(SignedTreeHead head, ServedDevice device, String namespace) {
    if (device.treeSize() != head.treeSize()) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE,
          "the proof of device "
              + device.deviceId()
              + " is for a tree of "
              + device.treeSize()
              + " leaves, its tree head has "
              + head.treeSize());
    }
    if (!namespace.equals(device.namespace())) {
      throw new LogVerificationException(
          NAMESPACE_CHANGED,
          "the relay serves device "
              + device.deviceId()
              + " in namespace "
              + RelayHttp.printable(device.namespace())
              + ", this client's namespace is "
              + namespace);
    }
    String fingerprint = device.computedFingerprint();
    if (!fingerprint.equals(device.servedFingerprint())) {
      throw new LogVerificationException(
          KEY_MISMATCH,
          "the keys served for device "
              + device.deviceId()
              + " have fingerprint "
              + fingerprint
              + ", the relay names "
              + device.servedFingerprint());
    }
    LogEntry leaf;
    try {
      String binding = HEX.formatHex(DeviceBinding.of(namespace, device.deviceId()));
      if (!binding.equals(device.servedBinding())) {
        throw new LogVerificationException(
            WRONG_BINDING,
            "the relay serves device "
                + device.deviceId()
                + " with binding "
                + device.servedBinding()
                + ", not the binding "
                + binding
                + " of "
                + namespace
                + " and that id");
      }
      leaf =
          LogEntry.of(
              new LeafDetail.Pubkey(binding),
              HEX.parseHex(fingerprint),
              device.sector(),
              device.insertedAtMillis());
    } catch (InvalidEntryException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE,
          "the registration of device " + device.deviceId() + ": " + e.getMessage());
    }
    try {
      new InclusionProof(device.ctIndex(), head.treeSize(), device.inclusionProof())
          .verify(HASHER, HASHER.hashLeaf(leaf.encode()), head.rootHash());
    } catch (InvalidProofException | IllegalArgumentException e) {
      throw new LogVerificationException(
          NOT_INCLUDED,
          "the registration of device "
              + device.deviceId()
              + " (fingerprint "
              + fingerprint
              + ") is not proven as leaf "
              + device.ctIndex()
              + " of the tree of size "
              + head.treeSize()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Checks the {@code did} leaf of a resolved DID document: the leaf (version 1, type did, the
   * served sector and insertion time, the DID as subject) is rebuilt here, its hash must be the
   * served {@code leaf_hash}, and the inclusion proof must lead from it at {@code ct_index} to the
   * root of {@code head}, a verified head of the size the proof was made for. The DID itself was
   * recomputed from the document's keys when it was read ({@link ServedDid#read}).
   *
   * @throws LogVerificationException {@code NOT_INCLUDED} if the proof does not verify; {@code
   *     MALFORMED_RESPONSE} if the proof is for another tree than the head, a field cannot be a
   *     leaf's, or the served leaf hash is not the rebuilt leaf's
   */
  public static void checkDid(SignedTreeHead head, ServedDid did) {
    if (did.treeSize() != head.treeSize()) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE,
          "the proof of "
              + did.did()
              + " is for a tree of "
              + did.treeSize()
              + " leaves, its tree head has "
              + head.treeSize());
    }
    byte[] leafHash;
    try {
      leafHash =
          HASHER.hashLeaf(
              new LogEntry(EntryType.DID, did.did(), did.sector(), did.insertedAtMillis())
                  .encode());
    } catch (InvalidEntryException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, "the did leaf of " + did.did() + ": " + e.getMessage());
    }
    if (!MessageDigest.isEqual(leafHash, did.leafHash())) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE,
          "the relay names leaf hash "
              + HEX.formatHex(did.leafHash())
              + " for the did leaf of "
              + did.did()
              + ", which hashes to "
              + HEX.formatHex(leafHash));
    }
    try {
      new InclusionProof(did.ctIndex(), head.treeSize(), did.inclusionProof())
          .verify(HASHER, leafHash, head.rootHash());
    } catch (InvalidProofException | IllegalArgumentException e) {
      throw new LogVerificationException(
          NOT_INCLUDED,
          "the registration of "
              + did.did()
              + " is not proven as leaf "
              + did.ctIndex()
              + " of the tree of size "
              + head.treeSize()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** An append-only log: every later head extends every earlier one. */
  private static void requireExtension(
      SignedTreeHead previous, SignedTreeHead head, ConsistencyProofs proofs) {
    long before = previous.treeSize();
    long now = head.treeSize();
    if (now < before) {
      throw new LogVerificationException(
          REWOUND,
          "the relay's tree head has "
              + now
              + " leaves, fewer than the "
              + before
              + " of a head it signed before");
    }
    if (now == before) {
      if (!MessageDigest.isEqual(previous.rootHash(), head.rootHash())) {
        throw new LogVerificationException(
            FORKED, "the relay signed two heads of size " + now + " with different roots");
      }
      return;
    }
    if (before == 0) {
      return; // the empty tree is a prefix of every tree; RFC 9162 defines no proof for it
    }
    try {
      proofs.between(before, now).verify(HASHER, previous.rootHash(), head.rootHash());
    } catch (InvalidProofException e) {
      throw new LogVerificationException(
          FORKED,
          "the tree of size "
              + now
              + " does not extend the tree of size "
              + before
              + " seen before: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Checks that {@code leaf} is the transfer of {@code blobHash} and that {@code path} proves it at
   * {@code leafIndex} in the tree of {@code head}, which must be a verified head. The leaf hash is
   * computed from the leaf's fields; a hash the relay sends is never used.
   *
   * @param blobHash lowercase hex
   * @throws LogVerificationException {@code NOT_INCLUDED} if the leaf is not that transfer or the
   *     proof does not lead to the head's root; {@code MALFORMED_RESPONSE} if the leaf is not the
   *     one asked for or contradicts itself
   */
  public static void checkInclusion(
      SignedTreeHead head, String blobHash, long leafIndex, List<byte[]> path, ServedLeaf leaf) {
    if (leaf.index() != leafIndex) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, "asked for leaf " + leafIndex + ", got leaf " + leaf.index());
    }
    LogEntry entry = leaf.entry();
    if (entry.type() != EntryType.TRANSFER || !entry.subject().equals(blobHash)) {
      throw new LogVerificationException(
          NOT_INCLUDED,
          "leaf "
              + leafIndex
              + " is a "
              + entry.type().wireName()
              + " leaf of "
              + entry.subject()
              + ", not the transfer of "
              + blobHash);
    }
    if (!blobHash.equals(leaf.blobHash())) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, "leaf " + leafIndex + " has a blob_hash other than its subject");
    }
    try {
      new InclusionProof(leafIndex, head.treeSize(), path)
          .verify(HASHER, HASHER.hashLeaf(entry.encode()), head.rootHash());
    } catch (InvalidProofException e) {
      throw new LogVerificationException(
          NOT_INCLUDED,
          "leaf "
              + leafIndex
              + " is not proven in the tree of size "
              + head.treeSize()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
