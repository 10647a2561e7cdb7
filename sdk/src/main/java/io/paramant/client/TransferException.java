package io.paramant.client;

import java.util.Objects;

/**
 * A transfer could not be done for a reason that is neither the network ({@link
 * RelayRequestException}), nor the cryptography ({@link EnvelopeException}), nor the relay's log
 * ({@link LogVerificationException}): the relay does not have what was asked for, a recipient
 * cannot be sealed to, a transfer id does not fit its file, or the caller interrupted the work.
 *
 * <p>Unchecked; callers branch on {@link #reason()}, never on the message. Messages are one line of
 * hashes, device ids, counts and field names, never keys, passwords or words.
 */
public final class TransferException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the transfer stopped. */
  public enum Reason {
    /**
     * The relay does not have the blob or drop: downloaded already, expired, or never stored (the
     * relay does not say which).
     */
    GONE("not on the relay: already downloaded, expired, or never stored"),
    /** No device with this id is registered for the account. */
    UNKNOWN_DEVICE("no such device registered for this account"),
    /**
     * The device was registered without a P-256 key (an ML-KEM-only client): the hybrid envelope of
     * suite 1 needs both keys, and this client seals to nothing weaker.
     */
    NOT_HYBRID("the device has no P-256 key (registered ML-KEM only); it cannot be sealed to"),
    /** The relay's log names another sector than the one this client was told to expect. */
    WRONG_SECTOR("the relay serves another sector than expected"),
    /** The blob hashes of a transfer id do not match the chunks of the file they lead to. */
    WRONG_CHUNK_LIST("the transfer id does not list this file's chunks"),
    /** The relay answered a download with bytes whose SHA-256 is not the hash asked for. */
    BLOB_ALTERED("the relay served bytes that do not hash to the blob's address"),
    /** The thread was interrupted; a receive can be resumed later. */
    INTERRUPTED("interrupted");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The fixed one-line description used as the start of every message with this reason. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public TransferException(Reason reason) {
    super(Objects.requireNonNull(reason, "reason").description());
    this.reason = reason;
  }

  /**
   * @param detail what exactly, made of hashes, device ids, counts and field names
   */
  public TransferException(Reason reason, String detail) {
    super(
        Objects.requireNonNull(reason, "reason").description()
            + ": "
            + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
