package io.paramant.accounts;

/**
 * A refused change to the accounts. The {@link Kind} says what went wrong in no protocol's terms;
 * the admin console alone turns it into an HTTP status, the CLI into an exit code. Each refusal
 * carries a stable machine code (the admin API's {@code error}) and a sentence for people, the same
 * wherever it is shown, that never contains a key.
 */
public final class AccountsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of refusal. */
  public enum Kind {
    /** A label, plan, e-mail or team breaks its rule. */
    INVALID,
    /** No account has that label. */
    NOT_FOUND,
    /** The label is taken, or users.json is not a users file (it is left alone). */
    CONFLICT,
    /** The edition's active-user cap is reached; a licence lifts it. */
    EDITION_LIMIT,
    /** Another writer held the lock for longer than this one would wait. */
    BUSY
  }

  private final Kind kind;
  private final String code;

  AccountsException(Kind kind, String code, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.code = code;
  }

  static AccountsException invalid(String code, String detail) {
    return new AccountsException(Kind.INVALID, code, detail);
  }

  public Kind kind() {
    return kind;
  }

  /** Stable machine-readable code, e.g. {@code edition_limit}. */
  public String code() {
    return code;
  }

  /** The sentence for people. */
  public String detail() {
    return getMessage();
  }
}
