package io.paramant.client.internal.envelope;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;

/** The three suites of the protocol, each with its header key fields. */
public enum Suite {
  /**
   * ML-KEM-768 + ECDH P-256 to a device's public keys; key fields {@code ct_kem (1088) | E (65)}.
   */
  HYBRID(0x01, 1088 + 65, "a device key"),
  /** Argon2id from a password; key fields {@code salt (16) | m_kib u32 | t u32 | p u32}. */
  PASSWORD(0x02, 16 + 3 * 4, "a password"),
  /** HKDF from a 12-word phrase's entropy; no key fields, and always a single blob. */
  DROP(0x03, 0, "a drop phrase");

  /** magic (4) | suite (1) | flags (1) | reserved (2) */
  static final int PREFIX_LENGTH = 8;

  /** file_id (16) | chunk_index (4) | chunk_count (4) | ciphertext_len (4) */
  static final int TRAILER_LENGTH = 28;

  private final int id;
  private final int keyFieldsLength;
  private final String credential;

  Suite(int id, int keyFieldsLength, String credential) {
    this.id = id;
    this.keyFieldsLength = keyFieldsLength;
    this.credential = credential;
  }

  static Suite fromId(int id) {
    for (Suite suite : values()) {
      if (suite.id == id) {
        return suite;
      }
    }
    throw new EnvelopeException(Reason.UNSUPPORTED_SUITE, "suite byte " + id);
  }

  public int id() {
    return id;
  }

  int keyFieldsLength() {
    return keyFieldsLength;
  }

  /** The header's length in bytes for this suite. */
  public int headerLength() {
    return PREFIX_LENGTH + keyFieldsLength + TRAILER_LENGTH;
  }

  /**
   * Whether a file sealed with this suite must fit in one blob (its key does not change per blob).
   */
  boolean singleBlob() {
    return this == DROP;
  }

  /** What opens a blob of this suite, for error messages. */
  String credential() {
    return credential;
  }
}
