package io.paramant.ct.journal;

/**
 * The journal cannot be used: its file is damaged beyond a torn tail, is not a journal, is open
 * elsewhere, or a commit failed. Appended and acknowledged records are never silently dropped
 * instead.
 */
public class JournalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
