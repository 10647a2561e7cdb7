package io.paramant.ct.journal;

import java.util.Objects;

/**
 * Thrown by a {@link Journal.Replay} for the first record of a batch it does not accept: the
 * journal then names that record (its index and file offset) and stops opening, as it does when an
 * applier rejects a record.
 */
public class RejectedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int position;

  /**
   * @param position the record's position in the batch, from 0
   * @param cause why the record is rejected; its message is this exception's
   */
  public RejectedRecordException(int position, RuntimeException cause) {
    super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
    this.position = position;
  }

  /** The rejected record's position in the batch, from 0. */
  public int position() {
    return position;
  }
}
