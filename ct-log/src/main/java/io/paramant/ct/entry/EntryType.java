package io.paramant.ct.entry;

/** What a leaf records. The code is part of the leaf bytes, the wire name part of the HTTP API. */
public enum EntryType {
  /** A blob was stored; the subject is the SHA-256 of the padded blob. */
  TRANSFER(1, "transfer", true),
  /**
   * A device's public keys were registered; the subject is their fingerprint, and the leaf (version
   * 2) binds them to the device's namespace and id.
   */
  PUBKEY(2, "pubkey", true),
  /** A DID was registered; the subject is the DID. */
  DID(3, "did", false),
  /** A receiver confirmed delivery; the subject is the SHA-256 of the blob. */
  ACK(4, "ack", true),
  /**
   * A device signed a document; the subject is the document's SHA-256, and the leaf (version 2)
   * names the signer's binding, key fingerprint and claimed signing time.
   */
  NOTARY(5, "notary", true),
  /**
   * An account's audit chain reached a head; the subject is the chain head, and the leaf (version
   * 2) holds its sequence number and the hash of the account's audit id.
   */
  AUDIT(6, "audit", true);

  /** {@code values()} copies its array on every call; decoding a journal looks up every leaf. */
  private static final EntryType[] ALL = values();

  private final byte code;
  private final String wireName;
  private final boolean hashSubject;

  EntryType(int code, String wireName, boolean hashSubject) {
    this.code = (byte) code;
    this.wireName = wireName;
    this.hashSubject = hashSubject;
  }

  /** The type's byte in the leaf encoding. */
  public byte code() {
    return code;
  }

  /**
   * The type's name in the HTTP API: {@code transfer}, {@code pubkey}, {@code did}, {@code ack},
   * {@code notary}, {@code audit}.
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The version of this type's leaf bytes: 2 for the leaves that name who they are about (pubkey,
   * notary, audit), else 1.
   */
  public byte version() {
    return (byte) (this == PUBKEY || this == NOTARY || this == AUDIT ? 2 : 1);
  }

  /** Whether the subject is a 32-byte hash (else it is a DID string). */
  public boolean hasHashSubject() {
    return hashSubject;
  }

  /**
   * @throws InvalidEntryException if no type has this code
   */
  public static EntryType ofCode(byte code) {
    for (EntryType type : ALL) {
      if (type.code == code) {
        return type;
      }
    }
    throw new InvalidEntryException("unknown entry type " + (code & 0xff));
  }

  /**
   * @throws InvalidEntryException if no type has this wire name
   */
  public static EntryType ofWireName(String wireName) {
    for (EntryType type : ALL) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    throw new InvalidEntryException("unknown entry type '" + wireName + "'");
  }
}
