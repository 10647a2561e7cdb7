package io.paramant.relay;

/** A request field is missing, malformed or out of range. */
public class InvalidInputException extends RelayException {

  private static final long serialVersionUID = 1L;

  public InvalidInputException(String code, String detail) {
    super(Kind.INVALID, code, detail);
  }
}
