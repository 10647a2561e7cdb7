package io.paramant.client.internal.audit;

import static io.paramant.client.AuditVerificationException.Reason.ANCHOR_LEAF_INVALID;
import static io.paramant.client.AuditVerificationException.Reason.ANCHOR_MISSING;
import static io.paramant.client.AuditVerificationException.Reason.ANCHOR_NOT_ON_CHAIN;
import static io.paramant.client.AuditVerificationException.Reason.AUDIT_ID_MISMATCH;
import static io.paramant.client.AuditVerificationException.Reason.CHAIN_BROKEN;

import io.paramant.client.AuditChain;
import io.paramant.client.AuditVerification;
import io.paramant.client.AuditVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.VerifiedHead;
import io.paramant.client.internal.ctlog.RemoteLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.merkle.TreeHasher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies an exported audit chain (PROTOCOL.md, "Notary receipt and audit chain"; docs/cli.md,
 * {@code paramant audit --verify}):
 *
 * <ol>
 *   <li><b>The chain</b>: the first entry starts from 32 zero bytes when its seq is 1 (else it
 *       starts at a retention base, reported), every {@code entry_hash} is {@code
 *       SHA3-256(prev_hash || RFC 8785 JSON of {seq, at, event, subject, size?})} ({@link
 *       CanonicalJson}), every {@code prev_hash} is the entry hash before it, seqs are consecutive,
 *       and the head is the last entry.
 *   <li><b>Every anchor</b>: its leaf, fetched with its inclusion proof in the tree of a head
 *       verified like every head the SDK relies on (pinned log key, consistency, witness quorum),
 *       is an {@code audit} leaf of the export's sector, proven under that head, naming the chain's
 *       entry hash at its seq, that seq, the hash of the audit id ({@code SHA3-256} of its bytes,
 *       and the export's {@code audit_id_hash}) and the anchor's time.
 *   <li><b>Coverage</b>: every entry older than {@link #SLACK} before the export has an anchor of
 *       its seq or later logged at most {@link #SLACK} after it (the relay anchors every minute).
 * </ol>
 */
public final class AuditChecks {

  /** How long after an entry its anchor may come: the relay's minute, and as much again. */
  public static final Duration SLACK = Duration.ofSeconds(120);

  private static final HexFormat HEX = HexFormat.of();
  private static final String ZERO = "00".repeat(32);
  private static final TreeHasher HASHER = TreeHasher.SHA3_256;

  /** The relay's verified log, as the checks use it. */
  public interface Log {
    /** A tree head of the relay's log, verified now (pinned key, consistency, witnesses). */
    VerifiedHead verifiedHead();

    /** Leaf {@code index} with its inclusion path in the tree of {@code treeSize} leaves. */
    RemoteLog.ProvenLeaf leaf(long index, long treeSize);
  }

  /** Pauses while a head that covers an anchor is awaited; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /**
   * How long a head that covers an anchor's leaf is asked for again: a relay's head covers every
   * leaf appended when it is asked for, and an anchor is listed only after its leaf was appended,
   * so this is for a head served from a cache in front of the relay.
   */
  private static final Duration HEAD_WAIT = Duration.ofSeconds(2);

  private static final Duration HEAD_POLL = Duration.ofMillis(500);

  private AuditChecks() {}

  /**
   * @throws AuditVerificationException if the chain does not verify
   * @throws io.paramant.client.LogVerificationException if the log's head does not
   * @throws RelayRequestException if the log cannot be asked
   */
  public static AuditVerification verify(AuditChain chain, Log log, Pause pause) {
    checkAuditId(chain);
    long base = checkChain(chain);
    Map<Long, String> hashes = new HashMap<>();
    if (!chain.entries().isEmpty() && chain.entries().get(0).seq() > 1) {
      // after retention the relay keeps the anchor of the base, so the log proves where it starts
      AuditChain.Entry first = chain.entries().get(0);
      hashes.put(first.seq() - 1, first.prevHash());
    }
    for (AuditChain.Entry e : chain.entries()) {
      hashes.put(e.seq(), e.entryHash());
    }
    VerifiedHead head = null;
    for (AuditChain.Anchor anchor : chain.anchors()) {
      String onChain = hashes.get(anchor.seq());
      if (onChain == null) {
        throw new AuditVerificationException(
            ANCHOR_NOT_ON_CHAIN,
            anchor.seq(),
            "leaf " + anchor.ctIndex() + " anchors a seq that is not an entry of the export");
      }
      if (!onChain.equals(anchor.head())) {
        throw new AuditVerificationException(
            ANCHOR_NOT_ON_CHAIN,
            anchor.seq(),
            "leaf "
                + anchor.ctIndex()
                + " anchors head "
                + anchor.head()
                + ", the chain's entry_hash there is "
                + onChain);
      }
      if (head == null || anchor.ctIndex() >= head.treeSize()) {
        head = headCovering(log, anchor, pause);
      }
      checkLeaf(chain, anchor, head, log, hashes);
    }
    checkCoverage(chain);
    AuditChain.Entry last =
        chain.entries().isEmpty() ? null : chain.entries().get(chain.entries().size() - 1);
    return new AuditVerification(
        chain.entries().size(),
        chain.anchors().size(),
        last == null ? chain.headSeq() : last.seq(),
        last == null ? chain.headHash() : last.entryHash(),
        base,
        head == null ? 0 : head.treeSize(),
        head == null ? null : head.keyId());
  }

  private static void checkAuditId(AuditChain chain) {
    String hash = HEX.formatHex(sha3(HEX.parseHex(chain.auditId())));
    if (!hash.equals(chain.auditIdHash())) {
      throw new AuditVerificationException(
          AUDIT_ID_MISMATCH,
          -1,
          "the export names audit_id_hash "
              + chain.auditIdHash()
              + ", SHA3-256 of its audit_id is "
              + hash);
    }
  }

  /** The chain's hashes; returns the retention base (0 for a chain from seq 1). */
  static long checkChain(AuditChain chain) {
    List<AuditChain.Entry> entries = chain.entries();
    if (entries.isEmpty()) {
      if (chain.headSeq() == 0 && !chain.headHash().equals(ZERO)) {
        throw new AuditVerificationException(
            CHAIN_BROKEN, 0, "an empty chain's head_hash is not 32 zero bytes");
      }
      return chain.headSeq();
    }
    AuditChain.Entry first = entries.get(0);
    long base = first.seq() - 1;
    if (first.seq() == 1 && !first.prevHash().equals(ZERO)) {
      throw new AuditVerificationException(
          CHAIN_BROKEN, 1, "the first entry's prev_hash is not 32 zero bytes");
    }
    if (first.seq() < 1) {
      throw new AuditVerificationException(CHAIN_BROKEN, first.seq(), "a seq starts at 1");
    }
    AuditChain.Entry previous = null;
    for (AuditChain.Entry e : entries) {
      if (previous != null) {
        if (e.seq() != previous.seq() + 1) {
          throw new AuditVerificationException(
              CHAIN_BROKEN, e.seq(), "it follows seq " + previous.seq());
        }
        if (!e.prevHash().equals(previous.entryHash())) {
          throw new AuditVerificationException(
              CHAIN_BROKEN,
              e.seq(),
              "its prev_hash is not the entry_hash of seq " + previous.seq());
        }
      }
      byte[] json;
      try {
        json = CanonicalJson.auditEntry(e.seq(), e.atMs(), e.event(), e.subject(), e.size());
      } catch (IllegalArgumentException notCanonical) {
        throw new AuditVerificationException(
            CHAIN_BROKEN, e.seq(), "no canonical JSON: " + notCanonical.getMessage());
      }
      String hash = HEX.formatHex(sha3(HEX.parseHex(e.prevHash()), json));
      if (!hash.equals(e.entryHash())) {
        throw new AuditVerificationException(
            CHAIN_BROKEN,
            e.seq(),
            "entry_hash "
                + e.entryHash()
                + " is not SHA3-256(prev_hash || canonical JSON) = "
                + hash);
      }
      previous = e;
    }
    if (previous.seq() != chain.headSeq() || !previous.entryHash().equals(chain.headHash())) {
      throw new AuditVerificationException(
          CHAIN_BROKEN,
          chain.headSeq(),
          "head_seq "
              + chain.headSeq()
              + " with head_hash "
              + chain.headHash()
              + " is not the last entry, seq "
              + previous.seq());
    }
    return base;
  }

  /** A verified head of a tree that holds the anchor's leaf, waiting a little for a new one. */
  private static VerifiedHead headCovering(Log log, AuditChain.Anchor anchor, Pause pause) {
    long deadline = System.nanoTime() + HEAD_WAIT.toNanos();
    VerifiedHead head = log.verifiedHead();
    while (anchor.ctIndex() >= head.treeSize() && System.nanoTime() - deadline < 0) {
      try {
        pause.pause(HEAD_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      head = log.verifiedHead();
    }
    if (anchor.ctIndex() >= head.treeSize()) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf "
              + anchor.ctIndex()
              + " is not in the relay's verified log of "
              + head.treeSize()
              + " leaves");
    }
    return head;
  }

  private static void checkLeaf(
      AuditChain chain,
      AuditChain.Anchor anchor,
      VerifiedHead head,
      Log log,
      Map<Long, String> hashes) {
    long index = anchor.ctIndex();
    RemoteLog.ProvenLeaf proven;
    try {
      proven = log.leaf(index, head.treeSize());
    } catch (RelayRequestException e) {
      if (e.status().orElse(0) / 100 == 4) {
        throw new AuditVerificationException(
            ANCHOR_LEAF_INVALID, anchor.seq(), "the relay does not serve leaf " + index);
      }
      throw e;
    }
    try {
      new InclusionProof(index, head.treeSize(), proven.path())
          .verify(HASHER, proven.leaf().leafHash(), HEX.parseHex(head.rootHash()));
    } catch (InvalidProofException | IllegalArgumentException e) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf "
              + index
              + " is not proven in the verified tree of "
              + head.treeSize()
              + " leaves: "
              + e.getMessage());
    }
    LogEntry entry = proven.leaf().entry();
    if (entry.type() != EntryType.AUDIT || !(entry.detail() instanceof LeafDetail.Audit audit)) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf " + index + " is a " + entry.type().wireName() + " leaf, not an audit leaf");
    }
    if (audit.seq() != anchor.seq()) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf " + index + " anchors seq " + audit.seq() + ", the export says " + anchor.seq());
    }
    if (!audit.auditIdHash().equals(chain.auditIdHash())) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf " + index + " names audit id hash " + audit.auditIdHash() + ", not this chain's");
    }
    if (!entry.sector().equals(chain.sector())) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf " + index + " is of sector " + entry.sector() + ", the chain of " + chain.sector());
    }
    if (!entry.subject().equals(hashes.get(audit.seq()))) {
      throw new AuditVerificationException(
          ANCHOR_NOT_ON_CHAIN,
          anchor.seq(),
          "leaf "
              + index
              + " anchors head "
              + entry.subject()
              + ", the chain's entry_hash there is "
              + hashes.get(audit.seq()));
    }
    if (entry.insertedAtMillis() != anchor.insertedAtMs()) {
      throw new AuditVerificationException(
          ANCHOR_LEAF_INVALID,
          anchor.seq(),
          "leaf "
              + index
              + " was logged at "
              + entry.insertedAtMillis()
              + ", the export says "
              + anchor.insertedAtMs());
    }
  }

  /** Every entry older than the slack has an anchor of its seq or later within the slack. */
  static void checkCoverage(AuditChain chain) {
    long slack = SLACK.toMillis();
    List<AuditChain.Anchor> anchors = new ArrayList<>(chain.anchors());
    anchors.sort(Comparator.comparingLong(AuditChain.Anchor::seq));
    long[] earliestFrom = new long[anchors.size() + 1]; // min inserted_at of anchors[i..]
    earliestFrom[anchors.size()] = Long.MAX_VALUE;
    for (int i = anchors.size() - 1; i >= 0; i--) {
      earliestFrom[i] = Math.min(earliestFrom[i + 1], anchors.get(i).insertedAtMs());
    }
    int next = 0;
    for (AuditChain.Entry e : chain.entries()) {
      while (next < anchors.size() && anchors.get(next).seq() < e.seq()) {
        next++;
      }
      if (e.atMs() > chain.exportedAtMs() - slack) {
        continue; // its anchor may still be on its way
      }
      if (earliestFrom[next] > e.atMs() + slack) {
        throw new AuditVerificationException(
            ANCHOR_MISSING,
            e.seq(),
            "the entry of "
                + Instant.ofEpochMilli(e.atMs())
                + " has no anchor of its seq or later logged by "
                + Instant.ofEpochMilli(e.atMs() + slack));
      }
    }
  }

  private static byte[] sha3(byte[]... parts) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (byte[] part : parts) {
        sha3.update(part);
      }
      return sha3.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }
}
