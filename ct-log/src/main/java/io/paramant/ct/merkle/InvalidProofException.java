package io.paramant.ct.merkle;

/**
 * A proof does not verify: it does not lead from the given leaf or first root to the given root, or
 * it cannot be a proof for the sizes and index it names. Never ignore it: the relay's log is not
 * what it claims to be.
 */
public class InvalidProofException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
