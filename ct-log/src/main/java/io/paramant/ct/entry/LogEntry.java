package io.paramant.ct.entry;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paramant.accounts.SectorList;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * One leaf of the transparency log and its canonical leaf bytes (PROTOCOL.md, "CT log").
 *
 * <p>A leaf records that something happened, by hash only: never payload bytes, keys, API keys, raw
 * device ids or IP addresses. The leaf bytes, all integers big-endian:
 *
 * <pre>
 * version      u8   {@link EntryType#version()}: 0x01 for transfer, did, ack; 0x02 for pubkey,
 *                   notary, audit (each type has exactly one version)
 * type         u8   {@link EntryType#code()}: 1 transfer, 2 pubkey, 3 did, 4 ack, 5 notary, 6 audit
 * inserted_at  u64  milliseconds since the epoch
 * sector_len   u8   | sector  ASCII, [a-z0-9][a-z0-9-]{0,31}
 * subject           transfer, ack: the blob's SHA-256; pubkey: the keys' fingerprint; notary: the
 *                   document's SHA-256; audit: the chain head (32 bytes each)
 *                   did: did_len u16 | the DID in ASCII (at most 1024 bytes)
 * detail            version 2 only ({@link LeafDetail}):
 *                   pubkey: binding (32)
 *                   notary: signer binding (32) | signer fingerprint (32) | signed_at_ms u64
 *                   audit:  seq u64 | audit id hash (32)
 * </pre>
 *
 * A version-2 leaf says whom it is about ({@link DeviceBinding}), so a relay cannot hand out a
 * substitute key without a leaf that the device's owner finds. There is no version-1 pubkey leaf:
 * no deployment had one when version 2 came (PROTOCOL.md), so only one encoding exists per type.
 *
 * <p>Every entry has exactly one encoding and {@link #decode} accepts nothing else (no trailing
 * bytes, no other version, no non-canonical text), so the leaf hash of an entry is a function of
 * the entry: a client rebuilds the leaf bytes from the fields the API returns and checks their
 * hash.
 *
 * @param subject the blob hash or key fingerprint as 64 lowercase hex digits, or the DID
 * @param insertedAtMillis when the relay appended the entry, in milliseconds since the epoch
 * @param detail what a version-2 leaf adds, of the entry's type; {@code null} for version 1
 */
public record LogEntry(
    EntryType type, String subject, String sector, long insertedAtMillis, LeafDetail detail) {

  /** The length of a hash subject: a SHA-256 blob hash or a SHA3-256 key fingerprint. */
  public static final int HASH_LENGTH = 32;

  public static final int MAX_DID_LENGTH = 1024;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * @throws InvalidEntryException if a field cannot be encoded canonically
   */
  public LogEntry {
    if (type == null) {
      throw new InvalidEntryException("an entry needs a type");
    }
    requireValidSector(sector);
    if (subject == null) {
      throw new InvalidEntryException("a " + type.wireName() + " entry needs a subject");
    }
    if (type.hasHashSubject() && !isLowercaseHex(subject, 2 * HASH_LENGTH)) {
      throw new InvalidEntryException(
          "a "
              + type.wireName()
              + " subject is a 32-byte hash in lowercase hex, not "
              + quote(subject));
    }
    if (!type.hasHashSubject() && (subject.length() > MAX_DID_LENGTH || !isDid(subject))) {
      throw new InvalidEntryException(
          "not a DID of at most " + MAX_DID_LENGTH + " characters: " + quote(subject));
    }
    if (insertedAtMillis < 0) {
      throw new InvalidEntryException("inserted_at is before the epoch: " + insertedAtMillis);
    }
    if (type.version() == 1 && detail != null) {
      throw new InvalidEntryException("a " + type.wireName() + " entry has no detail");
    }
    if (type.version() == 2 && (detail == null || detail.type() != type)) {
      throw new InvalidEntryException("a " + type.wireName() + " entry needs its detail");
    }
  }

  /** A version-1 entry (transfer, did, ack): it has no detail. */
  public LogEntry(EntryType type, String subject, String sector, long insertedAtMillis) {
    this(type, subject, sector, insertedAtMillis, null);
  }

  /** A version-2 entry: its type is its detail's. */
  public static LogEntry of(
      LeafDetail detail, byte[] subject, String sector, long insertedAtMillis) {
    requireHashLength(detail.type(), subject);
    return new LogEntry(detail.type(), HEX.formatHex(subject), sector, insertedAtMillis, detail);
  }

  /**
   * @throws InvalidEntryException unless {@code hash} is 64 lowercase hex digits
   */
  static void requireHash(String what, String hash) {
    if (hash == null || !isLowercaseHex(hash, 2 * HASH_LENGTH)) {
      throw new InvalidEntryException(
          "a " + what + " is a 32-byte hash in lowercase hex, not " + quote(hash));
    }
  }

  private static void requireHashLength(EntryType type, byte[] hash) {
    if (hash.length != HASH_LENGTH) {
      throw new InvalidEntryException(
          "a " + type.wireName() + " subject is a 32-byte hash, not " + hash.length + " bytes");
    }
  }

  /** A version-1 entry whose subject is a hash (transfer, ack), given as bytes. */
  public static LogEntry ofHash(EntryType type, byte[] hash, String sector, long insertedAtMillis) {
    requireHashLength(type, hash);
    return new LogEntry(type, HEX.formatHex(hash), sector, insertedAtMillis);
  }

  /**
   * @throws InvalidEntryException unless {@code sector} is 1 to 32 of {@code [a-z0-9-]}, starting
   *     with a letter or digit
   */
  public static void requireValidSector(String sector) {
    if (!SectorList.isValidName(sector)) {
      throw new InvalidEntryException(
          "a sector name is 1 to 32 characters of [a-z0-9-] and starts with a letter or digit, not "
              + quote(sector));
    }
  }

  /** The canonical leaf bytes; the tree hashes them as {@code H(0x00 || bytes)}. */
  public byte[] encode() {
    byte[] sectorBytes = sector.getBytes(US_ASCII);
    byte[] subjectBytes =
        type.hasHashSubject() ? HEX.parseHex(subject) : subject.getBytes(US_ASCII);
    int subjectLength = type.hasHashSubject() ? HASH_LENGTH : Short.BYTES + subjectBytes.length;
    ByteBuffer out =
        ByteBuffer.allocate(
                1 + 1 + Long.BYTES + 1 + sectorBytes.length + subjectLength + detailLength(type))
            .put(type.version())
            .put(type.code())
            .putLong(insertedAtMillis)
            .put((byte) sectorBytes.length)
            .put(sectorBytes);
    if (!type.hasHashSubject()) {
      out.putShort((short) subjectBytes.length);
    }
    out.put(subjectBytes);
    if (detail instanceof LeafDetail.Pubkey pubkey) {
      out.put(HEX.parseHex(pubkey.binding()));
    } else if (detail instanceof LeafDetail.Notary notary) {
      out.put(HEX.parseHex(notary.signerBinding()))
          .put(HEX.parseHex(notary.signerFingerprint()))
          .putLong(notary.signedAtMillis());
    } else if (detail instanceof LeafDetail.Audit audit) {
      out.putLong(audit.seq()).put(HEX.parseHex(audit.auditIdHash()));
    }
    return out.array();
  }

  private static int detailLength(EntryType type) {
    return switch (type) {
      case PUBKEY -> HASH_LENGTH;
      case NOTARY -> 2 * HASH_LENGTH + Long.BYTES;
      case AUDIT -> Long.BYTES + HASH_LENGTH;
      case TRANSFER, DID, ACK -> 0;
    };
  }

  /**
   * Reads canonical leaf bytes.
   *
   * @throws InvalidEntryException if {@code leaf} is not the encoding of an entry
   */
  public static LogEntry decode(byte[] leaf) {
    ByteBuffer in = ByteBuffer.wrap(leaf);
    try {
      byte version = in.get();
      if (version != 1 && version != 2) {
        throw new InvalidEntryException("unknown leaf version " + (version & 0xff));
      }
      EntryType type = EntryType.ofCode(in.get());
      if (type.version() != version) {
        throw new InvalidEntryException(
            "a " + type.wireName() + " leaf has version " + type.version() + ", not " + version);
      }
      long insertedAtMillis = in.getLong();
      String sector = ascii(in, Byte.toUnsignedInt(in.get()));
      String subject =
          type.hasHashSubject()
              ? HEX.formatHex(take(in, HASH_LENGTH))
              : ascii(in, Short.toUnsignedInt(in.getShort()));
      LeafDetail detail =
          switch (type) {
            case PUBKEY -> new LeafDetail.Pubkey(hash(in));
            case NOTARY -> new LeafDetail.Notary(hash(in), hash(in), in.getLong());
            case AUDIT -> new LeafDetail.Audit(in.getLong(), hash(in));
            case TRANSFER, DID, ACK -> null;
          };
      if (in.hasRemaining()) {
        throw new InvalidEntryException(in.remaining() + " bytes follow the end of the leaf");
      }
      return new LogEntry(type, subject, sector, insertedAtMillis, detail);
    } catch (BufferUnderflowException e) {
      throw new InvalidEntryException("the leaf ends early, after " + leaf.length + " bytes");
    }
  }

  /*
   * The checks below run for every leaf when a journal is replayed, a million times for a
   * million leaves, so they are plain loops rather than regular expressions.
   */

  /** {@code [0-9a-f]{length}}. */
  private static boolean isLowercaseHex(String text, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * W3C DID syntax, ASCII only: {@code did:[a-z0-9]+:(idchar|pct|:)*(idchar|pct)} with {@code
   * idchar = [A-Za-z0-9._-]} and {@code pct = %[0-9A-Fa-f]{2}}. A loop, not a regular expression:
   * java.util.regex matches a repeated alternation by recursion, one stack frame per character, and
   * overflowed the stack on a DID of some hundred characters (found by LogEntryFuzzTest).
   */
  private static boolean isDid(String text) {
    int n = text.length();
    if (!text.startsWith("did:")) {
      return false;
    }
    int i = 4;
    while (i < n && (text.charAt(i) >= 'a' && text.charAt(i) <= 'z' || isDigit(text.charAt(i)))) {
      i++;
    }
    if (i == 4 || i == n || text.charAt(i) != ':') {
      return false;
    }
    boolean endsWithIdChar = false;
    for (i++; i < n; ) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || isDigit(c)
          || c == '.'
          || c == '_'
          || c == '-') {
        endsWithIdChar = true;
        i++;
      } else if (c == '%'
          && i + 2 < n
          && isHexDigit(text.charAt(i + 1))
          && isHexDigit(text.charAt(i + 2))) {
        endsWithIdChar = true;
        i += 3;
      } else if (c == ':') {
        endsWithIdChar = false;
        i++;
      } else {
        return false;
      }
    }
    return endsWithIdChar;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static String hash(ByteBuffer in) {
    return HEX.formatHex(take(in, HASH_LENGTH));
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /** Non-ASCII bytes decode to U+FFFD, which no field pattern accepts. */
  private static String ascii(ByteBuffer in, int length) {
    return new String(take(in, length), US_ASCII);
  }

  /** Hostile input goes into messages abbreviated. */
  private static String quote(String text) {
    if (text == null) {
      return "null";
    }
    return "'" + (text.length() <= 80 ? text : text.substring(0, 80) + "…") + "'";
  }
}
