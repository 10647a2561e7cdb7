package io.paramant.ct.entry;

/** A log entry's fields or leaf bytes break the canonical leaf encoding. */
public class InvalidEntryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidEntryException(String message) {
    super(message);
  }
}
