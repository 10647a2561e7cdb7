package io.paramant.client.internal.monitor;

import static io.paramant.client.LogVerificationException.Reason.NOT_INCLUDED;
import static io.paramant.client.LogVerificationException.Reason.REWOUND;

import io.paramant.client.KeyScan;
import io.paramant.client.KeySubstitution;
import io.paramant.client.KeySubstitutionException;
import io.paramant.client.LogVerificationException;
import io.paramant.client.VerifiedHead;
import io.paramant.client.internal.ctlog.RemoteLog;
import io.paramant.client.internal.ctlog.ServedDevice;
import io.paramant.client.internal.ctlog.ServedLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.CompactRange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scans a relay's log for leaves that bind this device to keys other than its own (see the package
 * notes for how every leaf is proven and what is kept). Checked: {@code pubkey} leaves whose
 * binding is this device's, and {@code notary} leaves whose signer binding is this device's; their
 * fingerprint must be this device's own.
 *
 * <p>{@code audit} leaves (decided here, as PROTOCOL.md's "Owners monitor" lists them without
 * saying what to check): an audit leaf holds {@code (chain head, seq, audit id hash)}, which names
 * an account by the hash of a random audit id, not a device, and holds no key fingerprint. So no
 * audit leaf can bind this device to a key, and none is a finding, even one whose bytes happen to
 * equal this device's binding. What the monitor does check about them is what it checks about every
 * leaf: it is read from its raw bytes, decodes as a version-2 audit leaf whose served fields agree
 * with the bytes, and is proven at its index by the rebuilt root (a relay that alters, replays or
 * hides one fails the scan). Whether the anchored heads lie on the account's audit chain is {@code
 * paramant audit --verify}'s check, which knows the audit id. docs/cli.md says the same.
 *
 * <p>Thread-safe as far as its parts are; two scans of one device at once may both report the same
 * new leaves.
 */
public final class KeyMonitor {

  private static final HexFormat HEX = HexFormat.of();

  private final URI relay;
  private final RemoteLog remote;
  private final Supplier<VerifiedHead> verifiedHead;
  private final MonitorStore store;

  /**
   * @param verifiedHead fetches the relay's tree head and verifies it like {@link
   *     io.paramant.client.LogVerifier#verify()} (and stores it as the newest verified head)
   */
  public KeyMonitor(
      URI relay, RemoteLog remote, Supplier<VerifiedHead> verifiedHead, Path stateDirectory) {
    this.relay = relay;
    this.remote = remote;
    this.verifiedHead = verifiedHead;
    this.store = new MonitorStore(stateDirectory);
  }

  /**
   * Scans from where the last scan of this log, namespace and device stopped (index 0 the first
   * time) to the relay's newest verified head.
   *
   * @param fingerprint this device's own key fingerprint, lowercase hex
   * @return the scan, which found nothing
   * @throws KeySubstitutionException if this or an earlier scan found a leaf that binds this device
   *     to other keys; the state is stored first, so the next scan continues after it
   * @throws LogVerificationException if the head does not verify ({@code BAD_SIGNATURE}, {@code
   *     FORKED}, ...), the leaves served do not rebuild its root ({@code NOT_INCLUDED}), the head
   *     is smaller than the tree scanned before ({@code REWOUND}), or a page is malformed, leaves
   *     out an index or serves fields that disagree with its leaf bytes ({@code
   *     MALFORMED_RESPONSE})
   */
  public KeyScan scan(String namespace, String deviceId, String fingerprint) {
    String binding = HEX.formatHex(DeviceBinding.of(namespace, deviceId));
    VerifiedHead head = verifiedHead.get();
    MonitorState before =
        store
            .load(head.keyId(), namespace, deviceId)
            .orElseGet(
                () ->
                    new MonitorState(
                        head.keyId(),
                        namespace,
                        deviceId,
                        CompactRange.empty(SectorLog.HASHER),
                        List.of()));
    CompactRange range =
        CompactRange.of(SectorLog.HASHER, before.range().size(), before.range().subtrees());
    long from = range.size();
    long treeSize = head.treeSize();
    if (treeSize < from) {
      throw new LogVerificationException(
          REWOUND,
          "the relay's verified tree head has "
              + treeSize
              + " leaves, fewer than the "
              + from
              + " this device's monitor proved before");
    }
    List<KeySubstitution> found = new ArrayList<>(before.substitutions());
    for (long page = from; page < treeSize; page += RemoteLog.MAX_PAGE_LEAVES) {
      long to = Math.min(treeSize, page + RemoteLog.MAX_PAGE_LEAVES);
      for (ServedLeaf leaf : remote.leaves(page, to, treeSize)) {
        LogEntry entry = leaf.entry();
        range.append(leaf.leafHash());
        KeySubstitution substitution = substitution(leaf.index(), entry, binding, fingerprint);
        if (substitution != null) {
          found.add(substitution);
        }
      }
    }
    if (!range.hasRoot(HEX.parseHex(head.rootHash()))) {
      throw new LogVerificationException(
          NOT_INCLUDED,
          "the leaves the relay served from index "
              + from
              + " to "
              + treeSize
              + ", after the tree this monitor proved before, do not rebuild the root of the"
              + " verified tree head of size "
              + treeSize
              + ": the relay hides, alters or reorders leaves, or forked its log");
    }
    store.save(new MonitorState(head.keyId(), namespace, deviceId, range, found));
    KeyScan scan =
        new KeyScan(relay, head.keyId(), namespace, deviceId, fingerprint, from, treeSize, found);
    if (!found.isEmpty()) {
      throw new KeySubstitutionException(scan);
    }
    return scan;
  }

  /**
   * The report of a registration of this device's own keys that the relay refused (409 {@code
   * device_key_conflict}): it holds other keys for the device id. What the relay serves for the
   * device (its leaf index, sector, time and fingerprint) goes into the message unverified, for the
   * owner to look up; the next scan proves the leaf and reports it again.
   *
   * @param served the relay's record of the device, or null if it gave none
   */
  public static KeySubstitutionException registrationRefused(
      URI relay, String deviceId, String fingerprint, ServedDevice served) {
    KeySubstitution refused =
        served == null
            ? new KeySubstitution(KeySubstitution.Kind.REGISTRATION_REFUSED, -1, null, null, null)
            : new KeySubstitution(
                KeySubstitution.Kind.REGISTRATION_REFUSED,
                served.ctIndex(),
                served.sector(),
                Instant.ofEpochMilli(served.insertedAtMillis()),
                served.computedFingerprint());
    return new KeySubstitutionException(
        new KeyScan(
            relay,
            served != null ? served.sth().head().keyId() : "unknown",
            served != null ? served.namespace() : "unknown",
            deviceId,
            fingerprint,
            0,
            0,
            List.of(refused)));
  }

  /** The finding in one leaf, or null. */
  static KeySubstitution substitution(
      long index, LogEntry entry, String binding, String fingerprint) {
    LeafDetail detail = entry.detail();
    KeySubstitution.Kind kind;
    String foreign;
    if (detail instanceof LeafDetail.Pubkey pubkey && pubkey.binding().equals(binding)) {
      kind = KeySubstitution.Kind.PUBKEY_LEAF;
      foreign = entry.subject();
    } else if (detail instanceof LeafDetail.Notary notary
        && notary.signerBinding().equals(binding)) {
      kind = KeySubstitution.Kind.NOTARY_LEAF;
      foreign = notary.signerFingerprint();
    } else {
      return null;
    }
    if (foreign.equals(fingerprint)) {
      return null;
    }
    return new KeySubstitution(
        kind, index, entry.sector(), Instant.ofEpochMilli(entry.insertedAtMillis()), foreign);
  }
}
