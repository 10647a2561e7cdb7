package io.paramant.ct.witness;

/**
 * The witness does not cosign a tree head. {@link #reason()} says why; for {@link Reason#STALE}
 * {@link #size()} is the size of the witness's last cosigned checkpoint, from which the log must
 * send a consistency proof. A domain exception: the relay maps each reason to an HTTP status.
 */
public class WitnessRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a witness refuses. */
  public enum Reason {
    /** The head names an origin this witness is not configured to watch. */
    UNKNOWN_LOG("unknown_log"),
    /** The head's signature does not verify with the configured key of its log. */
    INVALID_TREE_HEAD("invalid_sth"),
    /** The request's {@code from_size} is not the witness's last cosigned size for the log. */
    STALE("stale"),
    /** The head is smaller than the last cosigned checkpoint. */
    ROLLBACK("rollback"),
    /** The head has the size of the last cosigned checkpoint and another root: a fork. */
    FORK("fork"),
    /** The consistency proof from the last cosigned checkpoint does not verify. */
    INCONSISTENT("inconsistent"),
    /** The witness lost (or cannot read) its state and waits for its operator to re-seed it. */
    STATE_LOST("witness_state_lost"),
    /** The witness could not write its state durably; nothing was cosigned. */
    STATE_UNWRITABLE("witness_state_unwritable");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The API's error code. */
    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final long size;

  public WitnessRefusedException(Reason reason, String message) {
    this(reason, -1, message);
  }

  public WitnessRefusedException(Reason reason, long size, String message) {
    super(message);
    this.reason = reason;
    this.size = size;
  }

  public Reason reason() {
    return reason;
  }

  /** The witness's last cosigned size for {@link Reason#STALE}; otherwise -1. */
  public long size() {
    return size;
  }
}
