package io.paramant.ct.witness;

/**
 * A witness cosignature does not verify: wrong witness key, bad signature, a tree head or origin it
 * cannot have signed. Never ignore it; a client counts only cosignatures that verified.
 */
public class InvalidCosignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidCosignatureException(String message) {
    super(message);
  }
}
