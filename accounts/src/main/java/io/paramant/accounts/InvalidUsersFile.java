package io.paramant.accounts;

/**
 * The bytes are not a users file ({@link UsersJson#read}): the message says where and why, naming
 * an entry by its label or position, never a key digest. The {@link Kind} lets each reader word the
 * refusal its own way: the relays log and answer the message as it is ({@code /v2/admin/reload}),
 * the admin tools turn it into {@code users_file_invalid}.
 */
public final class InvalidUsersFile extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Kind {
    /** Not one JSON object. */
    NOT_AN_OBJECT,
    /** No {@code users} array. */
    NO_USERS_ARRAY,
    /** An entry that is not an object, or has no label (missing, blank or not a string). */
    ENTRY_WITHOUT_LABEL,
    /** A labelled entry with a bad field, or a label or key listed twice. */
    INVALID_ENTRY
  }

  private final Kind kind;

  InvalidUsersFile(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
