package io.paramant.relay.accounts;

/** users.json cannot be used; the message says where and why (never a key digest). */
public class UsersFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsersFileException(String message) {
    super(message);
  }

  public UsersFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
