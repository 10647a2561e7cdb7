package io.paramant.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An account's audit chain does not verify ({@link GhostPipe#verifyAudit}): the relay's export or
 * its log shows a history that an honest relay never shows. Callers branch on {@link #reason()} and
 * {@link #seq()}; messages are one line of seqs, indexes and hashes.
 *
 * <p>A tree head that does not verify (a forged signature, a forked log, too few witnesses) is not
 * this exception but a {@link LogVerificationException}, as everywhere else.
 */
public final class AuditVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the chain was refused. */
  public enum Reason {
    /**
     * An entry's hash is not {@code SHA3-256(prev_hash || canonical JSON)}, its {@code prev_hash}
     * is not the entry hash before it, seqs are not consecutive, the first entry of a chain that
     * starts at seq 1 does not start from 32 zero bytes, or the head is not the last entry.
     */
    CHAIN_BROKEN("chain broken"),
    /** An anchor names a head that is not the chain's entry hash at its seq. */
    ANCHOR_NOT_ON_CHAIN("anchor not on the chain"),
    /**
     * An anchor's leaf is not in the verified log, not an {@code audit} leaf, not proven under the
     * verified tree head, or says other things (seq, audit id hash, sector, time) than the anchor.
     */
    ANCHOR_LEAF_INVALID("anchor leaf missing or invalid"),
    /**
     * An entry older than the anchoring slack has no anchor of its seq or later logged within the
     * slack after it: a minute with entries went unanchored.
     */
    ANCHOR_MISSING("minute without anchor"),
    /** The audit id's hash or the sector is not what the export or its leaves say. */
    AUDIT_ID_MISMATCH("audit id does not match");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The fixed words every message with this reason starts with. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;
  private final long seq;

  /**
   * @param seq the seq the failure is about, or -1 for none
   */
  public AuditVerificationException(Reason reason, long seq, String detail) {
    super(
        Objects.requireNonNull(reason, "reason").description()
            + (seq >= 0 ? " at seq " + seq : "")
            + ": "
            + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
    this.seq = seq;
  }

  public Reason reason() {
    return reason;
  }

  /** The seq of the entry or anchor the failure is about, if it is about one. */
  public OptionalLong seq() {
    return seq >= 0 ? OptionalLong.of(seq) : OptionalLong.empty();
  }
}
