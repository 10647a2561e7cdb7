package io.paramant.ct.witness;

/** A cosignature does not verify. Stand-in after the lead's contract (see {@link Cosignature}). */
public class InvalidCosignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidCosignatureException(String message) {
    super(message);
  }
}
