package io.paramant.licence;

import java.util.Objects;

/**
 * A licence token was refused. The message says why in words fit for a log line; it never contains
 * the token or any key.
 */
public final class LicenceException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a token was refused. */
  public enum Reason {
    /** Not a token of the expected form: prefix, encoding, length, or payload fields. */
    MALFORMED,
    /** Well formed, but the signature does not verify against the configured public key. */
    BAD_SIGNATURE,
    /** Genuine, but past its expiry. */
    EXPIRED
  }

  private final Reason reason;

  LicenceException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
