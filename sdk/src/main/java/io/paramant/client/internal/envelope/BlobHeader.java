package io.paramant.client.internal.envelope;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blob header (layout in the package notes). One validating decoder serves both directions:
 * {@link #parse} checks a received header, and {@link #create} runs the header it encodes through
 * the same checks, so this client never seals a header that it would refuse to open.
 */
public final class BlobHeader {

  /** Flag bit 0: the plaintext starts with a sender signature. */
  public static final int FLAG_SIGNED = 0x01;

  private static final byte[] MAGIC = "PGP1".getBytes(StandardCharsets.US_ASCII);
  private static final int SUITE_OFFSET = 4;
  private static final int FLAGS_OFFSET = 5;
  private static final int RESERVED_OFFSET = 6;

  /** The AES-GCM tag appended to every ciphertext. */
  static final int TAG_LENGTH = 16;

  private final byte[] encoded;
  private final Suite suite;
  private final int flags;
  private final FileId fileId;
  private final int chunkIndex;
  private final int chunkCount;
  private final int ciphertextLength;

  private BlobHeader(
      byte[] encoded,
      Suite suite,
      int flags,
      FileId fileId,
      int chunkIndex,
      int chunkCount,
      int ciphertextLength) {
    this.encoded = encoded;
    this.suite = suite;
    this.flags = flags;
    this.fileId = fileId;
    this.chunkIndex = chunkIndex;
    this.chunkCount = chunkCount;
    this.ciphertextLength = ciphertextLength;
  }

  /**
   * Reads and checks the header of the blob in {@code blob}'s remaining bytes, without moving its
   * position. The values are not yet authenticated: they are trustworthy only once the blob has
   * been opened. The SDK may use them to order downloads; a receiver decides nothing else on them.
   *
   * @throws EnvelopeException {@link Reason#WRONG_LENGTH}, {@link Reason#NOT_A_BLOB}, {@link
   *     Reason#UNSUPPORTED_SUITE}, {@link Reason#BAD_FLAGS}, {@link Reason#MALFORMED_HEADER},
   *     {@link Reason#WEAK_KDF_PARAMETERS} or {@link Reason#EXCESSIVE_KDF_PARAMETERS}
   */
  public static BlobHeader parse(ByteBuffer blob) {
    Suite suite = suiteOf(blob);
    byte[] encoded = new byte[suite.headerLength()];
    blob.get(blob.position(), encoded);
    return decode(encoded, suite);
  }

  /** The suite of the blob in {@code blob}'s remaining bytes, after the length and magic checks. */
  static Suite suiteOf(ByteBuffer blob) {
    if (blob.remaining() != Blob.SIZE) {
      throw new EnvelopeException(
          Reason.WRONG_LENGTH, "a blob is " + Blob.SIZE + " bytes, got " + blob.remaining());
    }
    byte[] magic = new byte[MAGIC.length];
    blob.get(blob.position(), magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new EnvelopeException(Reason.NOT_A_BLOB);
    }
    return Suite.fromId(blob.get(blob.position() + SUITE_OFFSET) & 0xff);
  }

  static BlobHeader create(
      Suite suite,
      int flags,
      byte[] keyFields,
      FileId fileId,
      int chunkIndex,
      int chunkCount,
      int ciphertextLength) {
    ByteBuffer header =
        ByteBuffer.allocate(suite.headerLength())
            .put(MAGIC)
            .put((byte) suite.id())
            .put((byte) flags)
            .putShort((short) 0)
            .put(keyFields)
            .put(fileId.bytes())
            .putInt(chunkIndex)
            .putInt(chunkCount)
            .putInt(ciphertextLength);
    return decode(header.array(), suite);
  }

  private static BlobHeader decode(byte[] encoded, Suite suite) {
    ByteBuffer header = ByteBuffer.wrap(encoded);
    int flags = header.get(FLAGS_OFFSET) & 0xff;
    if ((flags & ~FLAG_SIGNED) != 0) {
      throw new EnvelopeException(Reason.BAD_FLAGS, String.format("flags 0x%02x", flags));
    }
    if ((flags & FLAG_SIGNED) != 0 && suite != Suite.HYBRID) {
      // password transfers and drops have no sender identity (PROTOCOL.md, "Sender signature")
      throw new EnvelopeException(Reason.BAD_FLAGS, "only a blob sealed to a device is signed");
    }
    if (header.getShort(RESERVED_OFFSET) != 0) {
      throw new EnvelopeException(Reason.MALFORMED_HEADER, "reserved bytes are not zero");
    }
    header.position(Suite.PREFIX_LENGTH + suite.keyFieldsLength());
    if (suite == Suite.PASSWORD) {
      KdfParameters.fromKeyFields(keyFields(encoded, suite));
    }
    byte[] fileId = new byte[FileId.LENGTH];
    header.get(fileId);
    long chunkIndex = Integer.toUnsignedLong(header.getInt());
    long chunkCount = Integer.toUnsignedLong(header.getInt());
    long ciphertextLength = Integer.toUnsignedLong(header.getInt());
    if (chunkCount == 0 || chunkCount > Integer.MAX_VALUE) {
      throw new EnvelopeException(Reason.MALFORMED_HEADER, "chunk count " + chunkCount);
    }
    if (chunkIndex >= chunkCount) {
      throw new EnvelopeException(
          Reason.MALFORMED_HEADER, "chunk index " + chunkIndex + " of " + chunkCount);
    }
    if (suite.singleBlob() && chunkCount != 1) {
      throw new EnvelopeException(Reason.MALFORMED_HEADER, "a drop is a single blob");
    }
    if (ciphertextLength < TAG_LENGTH || ciphertextLength > Blob.SIZE - encoded.length) {
      throw new EnvelopeException(Reason.MALFORMED_HEADER, "ciphertext length " + ciphertextLength);
    }
    return new BlobHeader(
        encoded,
        suite,
        flags,
        FileId.of(fileId),
        (int) chunkIndex,
        (int) chunkCount,
        (int) ciphertextLength);
  }

  private static byte[] keyFields(byte[] encoded, Suite suite) {
    return Arrays.copyOfRange(
        encoded, Suite.PREFIX_LENGTH, Suite.PREFIX_LENGTH + suite.keyFieldsLength());
  }

  public Suite suite() {
    return suite;
  }

  public boolean signed() {
    return (flags & FLAG_SIGNED) != 0;
  }

  public FileId fileId() {
    return fileId;
  }

  public int chunkIndex() {
    return chunkIndex;
  }

  public int chunkCount() {
    return chunkCount;
  }

  /** Length of the ciphertext including its 16-byte tag. */
  public int ciphertextLength() {
    return ciphertextLength;
  }

  /** Length of the plaintext the ciphertext holds. */
  int plaintextLength() {
    return ciphertextLength - TAG_LENGTH;
  }

  public int length() {
    return encoded.length;
  }

  /** The header bytes: the GCM associated data and the input of the signature's header hash. */
  byte[] encoded() {
    return encoded.clone();
  }

  /** The suite's key fields (suite 1: ct_kem || E, suite 2: salt | m | t | p, suite 3: empty). */
  byte[] keyFields() {
    return keyFields(encoded, suite);
  }

  /** magic | suite | flags | reserved | key fields: what suite 2's HKDF salt hashes. */
  byte[] bytesBeforeFileId() {
    return Arrays.copyOf(encoded, Suite.PREFIX_LENGTH + suite.keyFieldsLength());
  }
}
