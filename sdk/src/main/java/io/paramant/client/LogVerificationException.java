package io.paramant.client;

import java.util.Objects;

/**
 * A relay's transparency log failed verification: the relay showed something that an honest relay
 * never shows. Never retry it away: a relay that forges, rewinds or forks its log must not be
 * trusted with the key registrations and transfers that log vouches for.
 *
 * <p>{@link Reason#MALFORMED_RESPONSE} is the one reason not about the log alone: any answer of the
 * relay that breaks the shape its API documents (a receipt, {@code /health}, a log route) or is
 * longer than its route can be. It is here because every answer is checked before it is trusted,
 * and an honest relay never sends one; the type keeps its name for the SDK's callers and the CLI's
 * exit codes (docs/cli.md), which tell {@code MALFORMED_RESPONSE} apart by the reason.
 *
 * <p>Unchecked, like {@link EnvelopeException}; callers branch on {@link #reason()}, never on the
 * message. Messages are one line of sizes, indexes, hashes and key ids; where a malformed answer is
 * quoted, it is cut short and stripped of control characters, as it ends up on a terminal.
 */
public final class LogVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the log was refused. */
  public enum Reason {
    /**
     * A tree head's ML-DSA-65 signature does not verify, or the relay's key id is not the hash of
     * the key it serves.
     */
    BAD_SIGNATURE("tree head signature does not verify"),
    /** The relay signs with another key than the one pinned for it or expected by the caller. */
    KEY_CHANGED("relay key changed"),
    /** The relay's tree head has fewer leaves than one it signed before: its log was rewound. */
    REWOUND("log rewound"),
    /**
     * The relay's tree head is not an extension of one it signed before (same size with another
     * root, or a consistency proof that does not verify): its log forked.
     */
    FORKED("log forked"),
    /** The relay could not prove that the blob's transfer is a leaf of its verified log. */
    NOT_INCLUDED("blob not in the log"),
    /**
     * A device's keys as the relay served them are not the keys its logged registration names
     * (their fingerprint differs): the relay substituted keys.
     */
    KEY_MISMATCH("device keys do not match their logged registration"),
    /**
     * The relay names another namespace for this client's account than the one configured or pinned
     * at first use, or the configured namespace is not the pinned one.
     */
    NAMESPACE_CHANGED("namespace changed"),
    /**
     * A device's logged binding is not the binding of the pinned namespace and the device id asked
     * for: the relay serves keys registered for another device or namespace.
     */
    WRONG_BINDING("binding is not the one of the pinned namespace and device id"),
    /**
     * A device's keys come from a leaf of another log (another log key id) or another sector than
     * the home log pinned for the namespace.
     */
    NOT_HOME_LOG("key not from the namespace's home log"),
    /** A witness serves another key than the one pinned for it or given for it. */
    WITNESS_KEY_CHANGED("witness key changed"),
    /**
     * A tree head the client relies on lacks the quorum of valid cosignatures from distinct pinned
     * witnesses over exactly that head and origin.
     */
    WITNESS_QUORUM("too few witness cosignatures"),
    /**
     * A tree head has enough valid cosignatures, but too few of them are fresh (at most 10 minutes
     * old, not from the future): an old head replayed.
     */
    STALE_HEAD("tree head not freshly cosigned"),
    /** A response does not have the shape the relay's API documents. */
    MALFORMED_RESPONSE("malformed response from the relay");

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

  /**
   * @param detail what exactly was wrong, made of sizes, indexes, hashes and key ids only
   */
  public LogVerificationException(Reason reason, String detail) {
    super(
        Objects.requireNonNull(reason, "reason").description()
            + ": "
            + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
  }

  /**
   * @param cause the verifier's own exception (its message holds sizes and hashes only)
   */
  public LogVerificationException(Reason reason, String detail, Throwable cause) {
    this(reason, detail);
    initCause(cause);
  }

  public Reason reason() {
    return reason;
  }
}
