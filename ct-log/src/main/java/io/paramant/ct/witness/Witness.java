package io.paramant.ct.witness;

import io.paramant.ct.SectorLog;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.sth.InvalidTreeHeadException;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.WitnessRefusedException.Reason;
import io.paramant.ct.witness.WitnessState.Checkpoint;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay acting as witness (after C2SP tlog-witness) for the logs its operator configured. It
 * cosigns a log's tree head only if
 *
 * <ol>
 *   <li>the head's signature verifies with the log's configured key (never a key from the request);
 *   <li>the request's {@code from_size} is its last cosigned size for that log ({@link
 *       Reason#STALE} otherwise, with that size, so the log can send the right proof);
 *   <li>the size does not go back, the same size never gets a second root, and the consistency
 *       proof from its last cosigned checkpoint to the head verifies (RFC 9162, SHA3-256);
 *   <li>its state is usable ({@link WitnessState}: a witness that lost its state refuses until
 *       re-seeded).
 * </ol>
 *
 * The new checkpoint is durable before the cosignature is made. Requests for one log are serialised
 * (check, write, sign), so two concurrent heads of one log can never both be checked against the
 * same old checkpoint; different logs do not wait for each other's checks.
 *
 * <p>The witness signs with the relay's identity key ({@link RelayIdentity#cosign}): one key per
 * relay to protect and back up, and clients pin one key per relay whichever role it plays; the
 * cosignature's label keeps its signatures apart from the relay's tree heads.
 */
public final class Witness {

  /** The most hashes a consistency proof may have (two per level of a 2^64-leaf tree). */
  public static final int MAX_PROOF_HASHES = 128;

  private final RelayIdentity identity;
  private final String url;
  private final Map<String, WitnessedLog> logs = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final WitnessState state;
  private final InstantSource clock;

  /**
   * @param url this relay's own origin, named in its cosignatures and in {@code GET /v2/witness}
   * @throws IllegalArgumentException if two configured logs have the same origin or key
   */
  public Witness(
      RelayIdentity identity,
      String url,
      Collection<WitnessedLog> logs,
      WitnessState state,
      InstantSource clock) {
    this.identity = identity;
    this.url = Cosignature.origin(url);
    this.state = state;
    this.clock = clock;
    logs.forEach(this::watch);
  }

  /**
   * Adds a log to watch (the relay adds a log whose key file appears only after it started, e.g. a
   * sibling sector that starts later). Watching the same log again changes nothing.
   *
   * @throws IllegalArgumentException if another log with the same origin or key is watched
   */
  public synchronized void watch(WitnessedLog log) {
    WitnessedLog known = logs.get(log.origin());
    if (log.equals(known)) {
      return;
    }
    if (known != null
        || logs.values().stream().anyMatch(other -> other.keyId().equals(log.keyId()))) {
      throw new IllegalArgumentException(
          "the witnessed log " + log.origin() + " is configured twice (same origin or key)");
    }
    locks.put(log.origin(), new Object());
    logs.put(log.origin(), log);
  }

  /**
   * Checks {@code head} of the log {@code origin} as the class documentation says, records it as
   * the log's last cosigned checkpoint and cosigns it.
   *
   * @param fromSize the size the log's consistency proof starts from (0 for the first head)
   * @param consistencyProof from {@code fromSize} to the head's size (empty for equal sizes or 0)
   * @throws WitnessRefusedException if the witness does not cosign, with the reason
   */
  public Cosignature cosign(
      String origin, SignedTreeHead head, long fromSize, List<byte[]> consistencyProof) {
    WitnessedLog log = logs.get(origin);
    if (log == null) {
      throw new WitnessRefusedException(
          Reason.UNKNOWN_LOG, "this witness does not watch the log " + origin);
    }
    try {
      head.verify(log.publicKey());
    } catch (InvalidTreeHeadException e) {
      throw new WitnessRefusedException(
          Reason.INVALID_TREE_HEAD,
          "the tree head does not verify with the configured key of "
              + origin
              + ": "
              + e.getMessage());
    }
    if (consistencyProof.size() > MAX_PROOF_HASHES
        || consistencyProof.stream().anyMatch(hash -> hash.length != 32)) {
      throw new WitnessRefusedException(
          Reason.INCONSISTENT, "a consistency proof has at most 128 hashes of 32 bytes");
    }
    synchronized (locks.get(origin)) {
      Checkpoint last = state.checkpoint(origin);
      check(log, last, head, fromSize, consistencyProof);
      if (last == null || last.size() != head.treeSize()) {
        state.record(origin, new Checkpoint(log.keyId(), head.treeSize(), head.rootHash()));
      }
      return identity.cosign(url, origin, head, clock.millis());
    }
  }

  private static void check(
      WitnessedLog log, Checkpoint last, SignedTreeHead head, long fromSize, List<byte[]> proof) {
    long lastSize = last == null ? 0 : last.size();
    if (last != null && !last.logKeyId().equals(log.keyId())) {
      throw new WitnessRefusedException(
          Reason.STATE_LOST,
          "the configured key of "
              + log.origin()
              + " is not the key of its last cosigned checkpoint; the operator must re-seed the"
              + " witness to accept a new key");
    }
    if (fromSize != lastSize) {
      throw new WitnessRefusedException(
          Reason.STALE,
          lastSize,
          "the witness's last cosigned size of "
              + log.origin()
              + " is "
              + lastSize
              + ", not "
              + fromSize);
    }
    long size = head.treeSize();
    if (size < lastSize) {
      throw new WitnessRefusedException(
          Reason.ROLLBACK,
          "the witness has cosigned size "
              + lastSize
              + " of "
              + log.origin()
              + "; "
              + size
              + " goes back");
    }
    if (last != null && size == lastSize) {
      if (!MessageDigest.isEqual(last.root(), head.rootHash())) {
        throw new WitnessRefusedException(
            Reason.FORK,
            "the witness has cosigned another root for size " + size + " of " + log.origin());
      }
      if (!proof.isEmpty()) {
        throw new WitnessRefusedException(
            Reason.INCONSISTENT, "trees of equal size need an empty consistency proof");
      }
      return;
    }
    if (lastSize == 0) {
      // Every tree extends the empty one (RFC 9162 has no proof from size 0).
      if (!proof.isEmpty()) {
        throw new WitnessRefusedException(
            Reason.INCONSISTENT, "there is no consistency proof from size 0; send none");
      }
      return;
    }
    try {
      new ConsistencyProof(lastSize, size, proof)
          .verify(SectorLog.HASHER, last.root(), head.rootHash());
    } catch (InvalidProofException e) {
      throw new WitnessRefusedException(
          Reason.INCONSISTENT,
          "the consistency proof from size "
              + lastSize
              + " to "
              + size
              + " of "
              + log.origin()
              + " does not verify: "
              + e.getMessage());
    }
  }

  /** This witness's key id (the relay's identity key id). */
  public String keyId() {
    return identity.keyId();
  }

  /** This witness's ML-DSA-65 public key. */
  public byte[] publicKey() {
    return identity.publicKey();
  }

  /** This witness's own origin. */
  public String url() {
    return url;
  }

  /** Whether this witness watches the log {@code origin}. */
  public boolean watches(String origin) {
    return logs.containsKey(origin);
  }

  /** Why the witness's state is lost (it then refuses every log), or null. */
  public String lostReason() {
    return state.lostReason();
  }
}
