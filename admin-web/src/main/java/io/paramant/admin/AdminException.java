package io.paramant.admin;

import io.paramant.accounts.AccountsException;

/**
 * A refused admin action, with the HTTP status and machine code the admin API answers and the
 * sentence the console shows. Texts never contain a key or the admin token.
 */
public class AdminException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public AdminException(int status, String code, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static AdminException invalid(String code, String detail) {
    return new AdminException(400, code, detail);
  }

  public static AdminException notFound(String detail) {
    return new AdminException(404, "not_found", detail);
  }

  /**
   * A refusal of the accounts module as the admin API answers it: its code and sentence, and the
   * HTTP status for its kind (the CLI's exit codes follow these statuses, docs/cli.md).
   */
  public static AdminException refused(AccountsException e) {
    int status =
        switch (e.kind()) {
          case INVALID -> 400;
          case EDITION_LIMIT -> 402;
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case BUSY -> 503;
        };
    return new AdminException(status, e.code(), e.detail());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }
}
