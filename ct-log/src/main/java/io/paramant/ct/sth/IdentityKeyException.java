package io.paramant.ct.sth;

/**
 * The relay's identity key file exists but cannot be used. The relay must not start: replacing the
 * key would change the identity that clients have pinned for this relay's log.
 */
public class IdentityKeyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public IdentityKeyException(String message) {
    super(message);
  }
}
