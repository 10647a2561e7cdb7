package io.paramant.ct.sth;

/**
 * A signed tree head does not verify against the given public key: wrong key, bad signature, or
 * fields that cannot have been signed. Never ignore it.
 */
public class InvalidTreeHeadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidTreeHeadException(String message) {
    super(message);
  }
}
