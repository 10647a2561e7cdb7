package io.paramant.client;

import java.util.Objects;

/**
 * A notary receipt (docs/notary.md) that does not prove what it is shown with: the document is not
 * the one notarised ({@link Reason#DOCUMENT_CHANGED}), the receipt does not verify ({@link
 * Reason#RECEIPT_INVALID}), or it is not a receipt at all ({@link Reason#UNPARSEABLE}). Callers
 * branch on {@link #reason()}; the message is one line naming exactly what failed.
 */
public final class ReceiptException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a receipt was refused. */
  public enum Reason {
    /**
     * The receipt verifies, but the file's SHA-256 is not the document hash it notarises: the file
     * was changed (or is another file).
     */
    DOCUMENT_CHANGED("document changed"),
    /**
     * The receipt parses but does not verify: a signature, fingerprint, binding, leaf, inclusion
     * proof, tree head or cosignature quorum fails, or it names a log key other than the pinned
     * one.
     */
    RECEIPT_INVALID("receipt invalid"),
    /** Not a receipt: not JSON, a field missing or of the wrong form, or an unknown version. */
    UNPARSEABLE("receipt unparseable");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The fixed start of every message with this reason. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public ReceiptException(Reason reason, String detail) {
    super(
        Objects.requireNonNull(reason, "reason").description()
            + ": "
            + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
  }

  public ReceiptException(Reason reason, String detail, Throwable cause) {
    this(reason, detail);
    initCause(cause);
  }

  public Reason reason() {
    return reason;
  }
}
