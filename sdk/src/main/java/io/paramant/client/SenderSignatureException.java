package io.paramant.client;

import java.util.Objects;

/**
 * A received device-to-device transfer was refused because of its sender signature (PROTOCOL.md,
 * "Sender signature"): missing, invalid, from a signer this device cannot verify through its
 * namespace's log, meant for another device, or a replay. Nothing of the file is left on disk.
 *
 * <p>Unchecked like the SDK's other refusals; callers branch on {@link #reason()}. Messages name
 * devices and namespaces, never keys or content. The CLI ends with exit code 8.
 */
public final class SenderSignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the signature was refused. */
  public enum Reason {
    /**
     * A device-to-device chunk carries no signature, and unsigned transfers were not accepted for
     * this receive.
     */
    UNSIGNED("the transfer is not signed by its sender (accept unsigned only if you must)"),
    /** The signature block is malformed, or the signature does not verify. */
    BAD_SIGNATURE("the sender signature does not verify"),
    /**
     * The signer is not in this device's namespace directory, or its keys are not proven in the
     * namespace's home log.
     */
    UNKNOWN_SIGNER("the signer's keys cannot be verified in the log"),
    /** The signer names another namespace than this device's pinned one. */
    WRONG_NAMESPACE("the signer is from another namespace"),
    /** The signature verifies, but for another recipient device. */
    NOT_FOR_ME("the chunk was signed for another device"),
    /** The chunks of one file are not all signed by one signer with the same flags. */
    MIXED_SIGNERS("the chunks of the file come from different signers"),
    /** This device already accepted this file from this signer: a replayed copy. */
    REPLAYED("this file was already received from this signer"),
    /**
     * The file was signed longer ago than any relay keeps a blob (7 days and a day's margin), or
     * more than a day ahead of this device's clock: a copy kept past its time, or a wrong clock.
     */
    OUT_OF_WINDOW("the file's signing time is outside the window in which a relay serves it");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The fixed one-line description every message with this reason starts with. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public SenderSignatureException(Reason reason) {
    super(Objects.requireNonNull(reason, "reason").description());
    this.reason = reason;
  }

  /**
   * @param detail which device, namespace or chunk; never key material or content
   */
  public SenderSignatureException(Reason reason, String detail) {
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
