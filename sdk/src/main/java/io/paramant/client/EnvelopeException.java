package io.paramant.client;

import java.util.Objects;

/**
 * The one failure type of the client's cryptography: a blob, key, mnemonic or received file was
 * refused.
 *
 * <p>Unchecked, because no caller can repair a tampered blob or a wrong key in place; callers
 * branch on {@link #reason()}, never on the message. Messages are one line and by construction
 * never contain key material, passwords, mnemonic words or plaintext: the text is the reason's
 * fixed description plus, at most, a detail made of sizes, positions and field names.
 *
 * <p>Sender signatures are refused with their own type, {@link SenderSignatureException}.
 */
public final class EnvelopeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why something was refused. */
  public enum Reason {
    /** A blob, key or field has the wrong number of bytes. */
    WRONG_LENGTH("wrong length"),
    /** The bytes do not start with the blob magic {@code PGP1}. */
    NOT_A_BLOB("not a Paramant blob"),
    /** The suite byte names no suite this client implements. */
    UNSUPPORTED_SUITE("unsupported cipher suite"),
    /** A flag bit other than the sender-signature bit is set. */
    BAD_FLAGS("unknown flag bits set"),
    /**
     * The header is structurally wrong (reserved bits, chunk index or count, ciphertext length).
     */
    MALFORMED_HEADER("malformed blob header"),
    /** The blob was sealed for another kind of key (device key, password or drop phrase). */
    CREDENTIAL_MISMATCH("blob needs a different kind of key"),
    /** A public key (a recipient's, a sender's or the ephemeral one in a header) is not valid. */
    INVALID_KEY("invalid public key"),
    /** AES-GCM refused the blob: it was sealed to another key, or it was altered. */
    AUTHENTICATION_FAILED("blob failed authentication: wrong key or altered blob"),
    /** A password blob failed authentication. */
    WRONG_PASSWORD("wrong password or altered blob"),
    /** Argon2id parameters below m = 19456 KiB, t = 2, p = 1. */
    WEAK_KDF_PARAMETERS("Argon2id parameters below the minimum m=19456 KiB, t=2, p=1"),
    /** Argon2id parameters above what this client is willing to spend on one blob. */
    EXCESSIVE_KDF_PARAMETERS(
        "Argon2id parameters above the client limit m=1048576 KiB, t=16, p=16"),
    /** The decrypted plaintext does not follow the chunk framing. */
    MALFORMED_PLAINTEXT("malformed chunk plaintext"),
    /** The content does not fit where it has to go (one blob, or the chunk count field). */
    TOO_LARGE("content too large"),
    /** A chunk with another file id was offered to a file's assembly. */
    CHUNK_FROM_OTHER_FILE("chunk belongs to another file"),
    /** A chunk arrived twice, early or with a different chunk count. */
    CHUNK_OUT_OF_ORDER("chunk out of order"),
    /** The received data does not add up to the size announced in chunk 0. */
    FILE_SIZE_MISMATCH("received data does not match the announced file size"),
    /** The file was finished before every chunk arrived. */
    INCOMPLETE("not every chunk was received"),
    /** A file name is not one safe path element. */
    UNSAFE_FILE_NAME("file name is not a safe single path element"),
    /** The file to be written already exists; nothing is overwritten. */
    TARGET_EXISTS("file already exists"),
    /** The state kept for resuming a receive is damaged beyond its verified prefix. */
    RESUME_STATE_INVALID("receive state is damaged"),
    /** A drop phrase does not have exactly 12 words. */
    MNEMONIC_WORD_COUNT("a drop phrase has exactly 12 words"),
    /** A word of a drop phrase is not in the BIP-39 English list. */
    MNEMONIC_UNKNOWN_WORD("word not in the BIP-39 English list"),
    /** The BIP-39 checksum of a drop phrase does not match. */
    MNEMONIC_CHECKSUM("drop phrase checksum mismatch: a word is mistyped or out of order"),
    /** A device key file is corrupt or of an unknown format. */
    KEY_FILE_INVALID("device key file is corrupt or of an unknown format"),
    /** A device key file is accessible to other users than its owner. */
    KEY_FILE_INSECURE("device key file is accessible to other users");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The fixed one-line description used as the start of every message with this reason. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public EnvelopeException(Reason reason) {
    super(Objects.requireNonNull(reason, "reason").description());
    this.reason = reason;
  }

  /**
   * @param detail what exactly was wrong, made only of non-secret facts (lengths, positions, field
   *     names)
   */
  public EnvelopeException(Reason reason, String detail) {
    super(
        Objects.requireNonNull(reason, "reason").description()
            + ": "
            + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
  }

  /**
   * @param cause a library exception whose message carries no secrets (Bouncy Castle's decoding
   *     errors)
   */
  public EnvelopeException(Reason reason, String detail, Throwable cause) {
    this(reason, detail);
    initCause(cause);
  }

  public Reason reason() {
    return reason;
  }
}
