package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.BAD_SIGNATURE;
import static io.paramant.client.LogVerificationException.Reason.FORKED;
import static io.paramant.client.LogVerificationException.Reason.KEY_CHANGED;
import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;
import static io.paramant.client.LogVerificationException.Reason.NOT_INCLUDED;
import static io.paramant.client.LogVerificationException.Reason.REWOUND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.LogVerificationException;
import io.paramant.client.VerifiedHead.Pinning;
import io.paramant.ct.ProvenLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.sth.SignedTreeHead;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's decisions on heads, proofs and leaves made by the relay's real log code: a relay
 * that rewinds, forks, forges or swaps its key is refused, an honest one is accepted.
 */
class LogAuditTest {

  private static final String BINDING =
      HexFormat.of().formatHex(DeviceBinding.of("account:bob", "bob"));

  private static final RelayAddress RELAY = RelayAddress.of(URI.create("http://127.0.0.1:3000/"));
  private static final HexFormat HEX = HexFormat.of();

  /** Fails the test if the audit asks for a proof where it must not need one. */
  private static final LogAudit.ConsistencyProofs NO_PROOF_NEEDED =
      (first, second) -> {
        throw new AssertionError("asked for a consistency proof " + first + " -> " + second);
      };

  @TempDir Path data;
  @TempDir Path forkData;
  @TempDir Path otherKeyData;

  private final List<SectorLog> opened = new ArrayList<>();
  private SectorLog log;

  @BeforeEach
  void openLog() {
    log = keep(RelayLogs.open(data));
  }

  @AfterEach
  void closeLogs() {
    opened.forEach(SectorLog::close);
  }

  @Test
  void first_contact_pins_the_served_key_and_has_no_history() {
    RelayLogs.appendTransfers(log, 3);

    LogAudit.Accepted accepted = firstContact();

    assertEquals(Pinning.FIRST_USE, accepted.pinning());
    assertEquals(OptionalLong.empty(), accepted.previousTreeSize());
    assertArrayEquals(log.publicKey(), accepted.pinned().publicKey());
    assertEquals(3, accepted.pinned().head().treeSize());
  }

  @Test
  void a_grown_log_is_accepted_with_a_verified_consistency_proof() {
    RelayLogs.appendTransfers(log, 3);
    PinnedHead stored = firstContact().pinned();
    RelayLogs.appendTransfers(log, 5);

    LogAudit.Accepted accepted =
        LogAudit.acceptHead(
            RELAY, Optional.of(stored), RelayLogs.served(log), null, log::consistencyProof);

    assertEquals(Pinning.PINNED, accepted.pinning());
    assertEquals(OptionalLong.of(3), accepted.previousTreeSize());
    assertEquals(8, accepted.pinned().head().treeSize());
  }

  @Test
  void the_same_tree_again_needs_no_proof() {
    RelayLogs.appendTransfers(log, 2);
    PinnedHead stored = firstContact().pinned();

    LogAudit.Accepted accepted =
        LogAudit.acceptHead(
            RELAY, Optional.of(stored), RelayLogs.served(log), null, NO_PROOF_NEEDED);

    assertEquals(OptionalLong.of(2), accepted.previousTreeSize());
  }

  @Test
  void an_empty_log_is_extended_by_any_later_tree_without_a_proof() {
    PinnedHead stored = firstContact().pinned();
    RelayLogs.appendTransfers(log, 4);

    LogAudit.Accepted accepted =
        LogAudit.acceptHead(
            RELAY, Optional.of(stored), RelayLogs.served(log), null, NO_PROOF_NEEDED);

    assertEquals(OptionalLong.of(0), accepted.previousTreeSize());
  }

  @Test
  void a_head_with_fewer_leaves_than_the_stored_one_is_rewound() {
    RelayLogs.appendTransfers(log, 2);
    ServedHead older = RelayLogs.served(log);
    RelayLogs.appendTransfers(log, 2);
    PinnedHead stored = firstContact().pinned();

    assertRefused(
        REWOUND,
        () -> LogAudit.acceptHead(RELAY, Optional.of(stored), older, null, NO_PROOF_NEEDED));
  }

  @Test
  void a_head_of_the_same_size_with_another_root_is_forked() {
    RelayLogs.appendTransfers(log, 3);
    PinnedHead stored = firstContact().pinned();
    SectorLog fork = keep(RelayLogs.openWithKeyOf(data, forkData));
    RelayLogs.appendTransfers(fork, 3);

    assertRefused(
        FORKED,
        () ->
            LogAudit.acceptHead(
                RELAY, Optional.of(stored), RelayLogs.served(fork), null, NO_PROOF_NEEDED));
  }

  @Test
  void a_grown_log_that_does_not_extend_the_stored_tree_is_forked() {
    RelayLogs.appendTransfers(log, 3);
    PinnedHead stored = firstContact().pinned();
    SectorLog fork = keep(RelayLogs.openWithKeyOf(data, forkData));
    RelayLogs.appendTransfers(fork, 7);

    assertRefused(
        FORKED,
        () ->
            LogAudit.acceptHead(
                RELAY, Optional.of(stored), RelayLogs.served(fork), null, fork::consistencyProof));
  }

  @Test
  void a_flipped_root_bit_breaks_the_signature_at_first_contact_and_later() {
    RelayLogs.appendTransfers(log, 2);
    ServedHead forged = new ServedHead(RelayLogs.withFlippedRoot(log.sth()), log.publicKey());

    assertRefused(
        BAD_SIGNATURE,
        () -> LogAudit.acceptHead(RELAY, Optional.empty(), forged, null, NO_PROOF_NEEDED));
    PinnedHead stored = firstContact().pinned();
    assertRefused(
        BAD_SIGNATURE,
        () -> LogAudit.acceptHead(RELAY, Optional.of(stored), forged, null, NO_PROOF_NEEDED));
  }

  @Test
  void a_key_id_that_is_not_the_hash_of_the_served_key_is_refused() {
    SectorLog other = keep(RelayLogs.open(otherKeyData));
    ServedHead mismatched = new ServedHead(log.sth(), other.publicKey());

    assertRefused(
        BAD_SIGNATURE,
        () -> LogAudit.acceptHead(RELAY, Optional.empty(), mismatched, null, NO_PROOF_NEEDED));
  }

  @Test
  void a_pinned_relay_that_signs_with_another_key_is_refused() {
    PinnedHead stored = firstContact().pinned();
    SectorLog other = keep(RelayLogs.open(otherKeyData));

    assertRefused(
        KEY_CHANGED,
        () ->
            LogAudit.acceptHead(
                RELAY, Optional.of(stored), RelayLogs.served(other), null, NO_PROOF_NEEDED));
  }

  @Test
  void an_expected_key_replaces_the_pinned_one_and_drops_its_history() {
    RelayLogs.appendTransfers(log, 5);
    PinnedHead stored = firstContact().pinned();
    SectorLog other = keep(RelayLogs.open(otherKeyData));
    RelayLogs.appendTransfers(other, 1);
    String otherKeyId = SignedTreeHead.keyId(other.publicKey());

    LogAudit.Accepted accepted =
        LogAudit.acceptHead(
            RELAY, Optional.of(stored), RelayLogs.served(other), otherKeyId, NO_PROOF_NEEDED);

    assertEquals(Pinning.REPINNED, accepted.pinning());
    assertEquals(OptionalLong.empty(), accepted.previousTreeSize());
    assertEquals(otherKeyId, accepted.pinned().keyId());
  }

  @Test
  void a_relay_without_the_expected_key_is_refused_at_first_contact() {
    String otherKeyId = SignedTreeHead.keyId(keep(RelayLogs.open(otherKeyData)).publicKey());

    assertRefused(
        KEY_CHANGED,
        () ->
            LogAudit.acceptHead(
                RELAY, Optional.empty(), RelayLogs.served(log), otherKeyId, NO_PROOF_NEEDED));
  }

  @Test
  void a_logged_transfer_is_proven_in_the_verified_tree() {
    RelayLogs.appendTransfers(log, 4);
    byte[] blob = RelayLogs.appendTransfers(log, 1);
    RelayLogs.appendTransfers(log, 6);
    SignedTreeHead head = log.sth();

    LogAudit.checkInclusion(head, HEX.formatHex(blob), 4, path(4, head), leaf(4));
  }

  @Test
  void a_leaf_of_another_blob_is_not_the_blobs_transfer() {
    RelayLogs.appendTransfers(log, 3);
    SignedTreeHead head = log.sth();
    String otherBlob = HEX.formatHex(RelayLogs.sha256(new byte[] {1}));

    assertRefused(
        NOT_INCLUDED, () -> LogAudit.checkInclusion(head, otherBlob, 1, path(1, head), leaf(1)));
  }

  @Test
  void an_ack_of_the_blob_is_not_its_transfer() {
    byte[] blob = RelayLogs.sha256(new byte[] {2});
    log.appendAck(blob);
    RelayLogs.appendTransfers(log, 2);
    SignedTreeHead head = log.sth();

    assertRefused(
        NOT_INCLUDED,
        () -> LogAudit.checkInclusion(head, HEX.formatHex(blob), 0, path(0, head), leaf(0)));
  }

  @Test
  void a_leaf_with_a_changed_field_does_not_lead_to_the_root() {
    byte[] blob = RelayLogs.appendTransfers(log, 1);
    RelayLogs.appendTransfers(log, 2);
    SignedTreeHead head = log.sth();
    LogEntry logged = leaf(0).entry();
    ServedLeaf altered =
        new ServedLeaf(
            0,
            new LogEntry(
                logged.type(), logged.subject(), logged.sector(), logged.insertedAtMillis() + 1),
            logged.subject());

    assertRefused(
        NOT_INCLUDED,
        () -> LogAudit.checkInclusion(head, HEX.formatHex(blob), 0, path(0, head), altered));
  }

  @Test
  void a_proof_with_a_flipped_bit_does_not_lead_to_the_root() {
    byte[] blob = RelayLogs.appendTransfers(log, 1);
    RelayLogs.appendTransfers(log, 4);
    SignedTreeHead head = log.sth();
    List<byte[]> path = path(0, head);
    path.get(1)[7] ^= 1;

    assertRefused(
        NOT_INCLUDED, () -> LogAudit.checkInclusion(head, HEX.formatHex(blob), 0, path, leaf(0)));
  }

  @Test
  void a_proof_for_a_smaller_tree_does_not_verify_against_the_head() {
    byte[] blob = RelayLogs.appendTransfers(log, 1);
    RelayLogs.appendTransfers(log, 2);
    SignedTreeHead smaller = log.sth();
    RelayLogs.appendTransfers(log, 3);
    SignedTreeHead head = log.sth();

    assertRefused(
        NOT_INCLUDED,
        () -> LogAudit.checkInclusion(head, HEX.formatHex(blob), 0, path(0, smaller), leaf(0)));
  }

  @Test
  void a_leaf_other_than_the_proven_one_or_with_a_contradicting_blob_hash_is_malformed() {
    byte[] blob = RelayLogs.appendTransfers(log, 1);
    RelayLogs.appendTransfers(log, 2);
    SignedTreeHead head = log.sth();
    String hash = HEX.formatHex(blob);
    ServedLeaf contradicting = new ServedLeaf(0, leaf(0).entry(), "0".repeat(64));

    assertRefused(
        MALFORMED_RESPONSE, () -> LogAudit.checkInclusion(head, hash, 0, path(0, head), leaf(1)));
    assertRefused(
        MALFORMED_RESPONSE,
        () -> LogAudit.checkInclusion(head, hash, 0, path(0, head), contradicting));
  }

  @Test
  void
      a_served_head_older_than_the_stored_one_is_accepted_as_its_prefix_and_the_stored_one_stays() {
    RelayLogs.appendTransfers(log, 2);
    ServedHead older = RelayLogs.served(log);
    RelayLogs.appendTransfers(log, 3);
    PinnedHead stored = firstContact().pinned();

    LogAudit.Accepted accepted =
        LogAudit.acceptServedHead(RELAY, Optional.of(stored), older, null, log::consistencyProof);

    assertEquals(stored, accepted.pinned());
  }

  @Test
  void a_served_head_older_than_the_stored_one_but_off_its_log_is_forked() {
    RelayLogs.appendTransfers(log, 5);
    PinnedHead stored = firstContact().pinned();
    SectorLog fork = keep(RelayLogs.openWithKeyOf(data, forkData));
    RelayLogs.appendTransfers(fork, 2);

    assertRefused(
        FORKED,
        () ->
            LogAudit.acceptServedHead(
                RELAY, Optional.of(stored), RelayLogs.served(fork), null, log::consistencyProof));
  }

  @Test
  void a_newer_served_head_is_checked_and_stored_like_a_fetched_one() {
    RelayLogs.appendTransfers(log, 2);
    PinnedHead stored = firstContact().pinned();
    RelayLogs.appendTransfers(log, 2);

    LogAudit.Accepted accepted =
        LogAudit.acceptServedHead(
            RELAY, Optional.of(stored), RelayLogs.served(log), null, log::consistencyProof);

    assertEquals(4, accepted.pinned().head().treeSize());
    assertEquals(OptionalLong.of(2), accepted.previousTreeSize());
  }

  @Test
  void a_registration_is_proven_from_the_served_keys_and_nothing_else() {
    byte[] mlKem = new byte[1184];
    byte[] ecdh = new byte[65];
    mlKem[0] = 1;
    ecdh[0] = 4;
    ServedDevice honest = device(mlKem, ecdh);
    RelayLogs.appendTransfers(log, 3);
    long index =
        log.appendPubkey(
            HEX.parseHex(honest.computedFingerprint()), DeviceBinding.of("account:bob", "bob"));
    RelayLogs.appendTransfers(log, 2);
    SignedTreeHead head = log.sth();
    ProvenLeaf leaf = log.leaves(index, index + 1).leaves().get(0);
    ServedDevice served = served(honest, index, leaf, head, honest.computedFingerprint());

    LogAudit.checkRegistration(head, served, "account:bob");

    byte[] otherKem = mlKem.clone();
    otherKem[1] = 9;
    ServedDevice swapped =
        served(device(otherKem, ecdh), index, leaf, head, served.servedFingerprint());
    assertRefused(
        LogVerificationException.Reason.KEY_MISMATCH,
        () -> LogAudit.checkRegistration(head, swapped, "account:bob"));
    ServedDevice swappedWithItsFingerprint =
        served(
            device(otherKem, ecdh),
            index,
            leaf,
            head,
            device(otherKem, ecdh).computedFingerprint());
    assertRefused(
        NOT_INCLUDED,
        () -> LogAudit.checkRegistration(head, swappedWithItsFingerprint, "account:bob"));
    ServedDevice otherTime =
        new ServedDevice(
            "bob",
            "account:bob",
            BINDING,
            mlKem,
            ecdh,
            null,
            served.servedFingerprint(),
            true,
            index,
            served.insertedAtMillis() + 1,
            "main",
            head.treeSize(),
            served.inclusionProof(),
            null);
    assertRefused(NOT_INCLUDED, () -> LogAudit.checkRegistration(head, otherTime, "account:bob"));
    ServedDevice otherTree =
        new ServedDevice(
            "bob",
            "account:bob",
            BINDING,
            mlKem,
            ecdh,
            null,
            served.servedFingerprint(),
            true,
            index,
            served.insertedAtMillis(),
            "main",
            head.treeSize() - 1,
            served.inclusionProof(),
            null);
    assertRefused(
        MALFORMED_RESPONSE, () -> LogAudit.checkRegistration(head, otherTree, "account:bob"));
  }

  @Test
  void a_key_logged_in_another_namespace_is_refused_even_with_its_own_honest_proof() {
    ServedDevice keys = someKeys();
    long index =
        log.appendPubkey(
            HEX.parseHex(keys.computedFingerprint()), DeviceBinding.of("account:mallory", "bob"));
    SignedTreeHead head = log.sth();
    ProvenLeaf leaf = log.leaves(index, index + 1).leaves().get(0);
    ServedDevice served =
        servedAs(
            "account:mallory",
            HEX.formatHex(DeviceBinding.of("account:mallory", "bob")),
            keys,
            leaf,
            head);

    LogAudit.checkRegistration(head, served, "account:mallory"); // consistent in itself
    assertRefused(
        LogVerificationException.Reason.NAMESPACE_CHANGED,
        () -> LogAudit.checkRegistration(head, served, "account:bob"));
  }

  @Test
  void a_key_logged_for_another_device_id_is_refused_as_the_wrong_binding() {
    ServedDevice keys = someKeys();
    String eve = HEX.formatHex(DeviceBinding.of("account:bob", "eve"));
    long index = log.appendPubkey(HEX.parseHex(keys.computedFingerprint()), HEX.parseHex(eve));
    SignedTreeHead head = log.sth();
    ProvenLeaf leaf = log.leaves(index, index + 1).leaves().get(0);

    assertRefused(
        LogVerificationException.Reason.WRONG_BINDING,
        () ->
            LogAudit.checkRegistration(
                head, servedAs("account:bob", eve, keys, leaf, head), "account:bob"));
    // serving bob's binding beside eve's leaf: the leaf rebuilt with bob's binding is not in the
    // log
    assertRefused(
        NOT_INCLUDED,
        () ->
            LogAudit.checkRegistration(
                head, servedAs("account:bob", BINDING, keys, leaf, head), "account:bob"));
  }

  private static ServedDevice someKeys() {
    byte[] mlKem = new byte[1184];
    byte[] ecdh = new byte[65];
    mlKem[0] = 7;
    ecdh[0] = 4;
    return device(mlKem, ecdh);
  }

  private static ServedDevice servedAs(
      String namespace, String binding, ServedDevice keys, ProvenLeaf leaf, SignedTreeHead head) {
    return new ServedDevice(
        "bob",
        namespace,
        binding,
        keys.mlKem(),
        keys.ecdh(),
        null,
        keys.computedFingerprint(),
        true,
        leaf.index(),
        leaf.entry().insertedAtMillis(),
        leaf.entry().sector(),
        head.treeSize(),
        leaf.proof().path(),
        null);
  }

  private static ServedDevice device(byte[] mlKem, byte[] ecdh) {
    return new ServedDevice(
        "bob",
        "account:bob",
        BINDING,
        mlKem,
        ecdh,
        null,
        "",
        true,
        0,
        0,
        "main",
        0,
        List.of(),
        null);
  }

  private static ServedDevice served(
      ServedDevice keys, long index, ProvenLeaf leaf, SignedTreeHead head, String fingerprint) {
    return new ServedDevice(
        "bob",
        "account:bob",
        BINDING,
        keys.mlKem(),
        keys.ecdh(),
        null,
        fingerprint,
        true,
        index,
        leaf.entry().insertedAtMillis(),
        leaf.entry().sector(),
        head.treeSize(),
        leaf.proof().path(),
        null);
  }

  private LogAudit.Accepted firstContact() {
    return LogAudit.acceptHead(
        RELAY, Optional.empty(), RelayLogs.served(log), null, NO_PROOF_NEEDED);
  }

  /** Leaf {@code index} as {@code GET /v2/ct/leaves} serves it. */
  private ServedLeaf leaf(long index) {
    ProvenLeaf proven = log.leaves(index, index + 1).leaves().get(0);
    EntryType type = proven.entry().type();
    boolean blob = type == EntryType.TRANSFER || type == EntryType.ACK;
    return new ServedLeaf(proven.index(), proven.entry(), blob ? proven.entry().subject() : null);
  }

  private List<byte[]> path(long index, SignedTreeHead head) {
    return new ArrayList<>(log.inclusionProof(index, head.treeSize()).path());
  }

  private SectorLog keep(SectorLog opened) {
    this.opened.add(opened);
    return opened;
  }

  private static void assertRefused(
      LogVerificationException.Reason reason, org.junit.jupiter.api.function.Executable check) {
    LogVerificationException e = assertThrows(LogVerificationException.class, check);
    assertEquals(reason, e.reason(), e::getMessage);
  }
}
