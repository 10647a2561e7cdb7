package io.paramant.relay;

import jakarta.ejb.ApplicationException;

/**
 * Base of every domain failure a client can cause or observe. The {@link Kind} says what went wrong
 * in protocol-neutral terms; the web layer alone decides which HTTP status that is. Each failure
 * carries a stable machine code (part of the API contract) and a human sentence that never contains
 * secrets.
 *
 * <p>It is an {@code @ApplicationException} so that the EJB container passes it through unwrapped
 * and does not log it as a system failure; no stack trace is captured because these are expected
 * outcomes.
 */
@ApplicationException
public abstract class RelayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure, independent of any transport. */
  public enum Kind {
    INVALID,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    TOO_LARGE,
    /** A request body that arrives slower than the relay's floor; it was cut off. */
    TOO_SLOW,
    /** Too many requests from one client; {@link RateLimitedException} says when to retry. */
    RATE_LIMITED,
    /** A limit of this edition (the Community Edition's user cap) that a licence lifts. */
    EDITION_LIMIT,
    UNAVAILABLE
  }

  private final Kind kind;
  private final String code;

  protected RelayException(Kind kind, String code, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** Stable machine-readable code, e.g. {@code hash_mismatch}. */
  public String code() {
    return code;
  }

  /** A sentence for humans; never contains keys, tokens or payload bytes. */
  public String detail() {
    return getMessage();
  }
}
