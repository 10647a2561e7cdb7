package io.paramant.client.internal.envelope;

import static io.paramant.client.EnvelopeException.Reason.AUTHENTICATION_FAILED;
import static io.paramant.client.EnvelopeException.Reason.BAD_FLAGS;
import static io.paramant.client.EnvelopeException.Reason.CREDENTIAL_MISMATCH;
import static io.paramant.client.EnvelopeException.Reason.EXCESSIVE_KDF_PARAMETERS;
import static io.paramant.client.EnvelopeException.Reason.INVALID_KEY;
import static io.paramant.client.EnvelopeException.Reason.MALFORMED_HEADER;
import static io.paramant.client.EnvelopeException.Reason.NOT_A_BLOB;
import static io.paramant.client.EnvelopeException.Reason.UNSUPPORTED_SUITE;
import static io.paramant.client.EnvelopeException.Reason.WEAK_KDF_PARAMETERS;
import static io.paramant.client.EnvelopeException.Reason.WRONG_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.Mnemonic;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every header field of every suite, and ciphertext and tag, with single bits flipped: each flip
 * must be refused with one exact reason, through the whole receive path, leaving no file behind.
 * Which reason follows from the field's meaning (a flipped count of 1 is 0 or 3; only the first is
 * malformed, the second fails authentication).
 */
class TamperTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final char[] PASSWORD = "tamper-test password".toCharArray();
  private static final Mnemonic PHRASE = Mnemonic.generate();
  private static final byte[] DATA = Transfers.content(300);

  private static final ByteBuffer HYBRID = seal(Recipient.device(Keys.BOB.publicKeys()));
  private static final ByteBuffer PASSWORD_BLOB =
      seal(Recipient.password(PASSWORD, KdfParameters.MINIMUM));
  private static final ByteBuffer DROP = seal(Recipient.drop(PHRASE));

  /**
   * suite 1 header: 8 prefix | ct_kem 8..1096 | E 1096..1161 | file_id 1161..1177 | index | count |
   * length
   */
  static Stream<Flip> hybridFlips() {
    int ciphertextEnd = Suite.HYBRID.headerLength() + BlobHeader.parse(HYBRID).ciphertextLength();
    return Stream.of(
        new Flip("magic", 0, 0, NOT_A_BLOB),
        new Flip("magic", 3, 7, NOT_A_BLOB),
        new Flip("suite 1 -> 0", 4, 0, UNSUPPORTED_SUITE),
        new Flip("suite 1 -> 5", 4, 2, UNSUPPORTED_SUITE),
        new Flip("suite 1 -> 3", 4, 1, CREDENTIAL_MISMATCH),
        new Flip("flags: signed bit", 5, 0, AUTHENTICATION_FAILED),
        new Flip("flags: bit 1", 5, 1, BAD_FLAGS),
        new Flip("flags: bit 7", 5, 7, BAD_FLAGS),
        new Flip("reserved", 6, 0, MALFORMED_HEADER),
        new Flip("reserved", 7, 7, MALFORMED_HEADER),
        new Flip("ct_kem first byte", 8, 0, AUTHENTICATION_FAILED),
        new Flip("ct_kem middle", 552, 3, AUTHENTICATION_FAILED),
        new Flip("ct_kem last byte", 1095, 7, AUTHENTICATION_FAILED),
        new Flip("E prefix 0x04", 1096, 0, INVALID_KEY),
        new Flip("E x-coordinate", 1106, 3, INVALID_KEY),
        new Flip("E y-coordinate", 1160, 0, INVALID_KEY),
        new Flip("file_id", 1161, 0, AUTHENTICATION_FAILED),
        new Flip("file_id", 1176, 7, AUTHENTICATION_FAILED),
        new Flip("chunk_index 0 -> 2^31", 1177, 7, MALFORMED_HEADER),
        new Flip("chunk_index 0 -> 1 = count", 1180, 0, MALFORMED_HEADER),
        new Flip("chunk_count 1 -> above 2^31-1", 1181, 7, MALFORMED_HEADER),
        new Flip("chunk_count 1 -> 0", 1184, 0, MALFORMED_HEADER),
        new Flip("chunk_count 1 -> 3", 1184, 1, AUTHENTICATION_FAILED),
        new Flip("ciphertext_len beyond the blob", 1185, 7, MALFORMED_HEADER),
        new Flip("ciphertext_len off by one", 1188, 0, AUTHENTICATION_FAILED),
        new Flip("ciphertext first byte", 1189, 0, AUTHENTICATION_FAILED),
        new Flip("ciphertext middle", 1189 + 150, 5, AUTHENTICATION_FAILED),
        new Flip("tag first byte", ciphertextEnd - 16, 0, AUTHENTICATION_FAILED),
        new Flip("tag last byte", ciphertextEnd - 1, 7, AUTHENTICATION_FAILED));
  }

  /**
   * suite 2 header: 8 prefix | salt 8..24 | m 24..28 (19456) | t 28..32 (2) | p 32..36 (1) |
   * file_id 36..
   */
  static Stream<Flip> passwordFlips() {
    return Stream.of(
        new Flip("suite 2 -> 3", 4, 0, CREDENTIAL_MISMATCH),
        new Flip("salt", 8, 0, WRONG_PASSWORD),
        new Flip("m 19456 -> 3072", 26, 6, WEAK_KDF_PARAMETERS),
        new Flip("m -> above 2^31", 24, 7, EXCESSIVE_KDF_PARAMETERS),
        new Flip("m 19456 -> 19457", 27, 0, WRONG_PASSWORD),
        new Flip("t 2 -> 0", 31, 1, WEAK_KDF_PARAMETERS),
        new Flip("t 2 -> 18", 31, 4, EXCESSIVE_KDF_PARAMETERS),
        new Flip("p 1 -> 0", 35, 0, WEAK_KDF_PARAMETERS),
        new Flip("p 1 -> 17", 35, 4, EXCESSIVE_KDF_PARAMETERS),
        new Flip("p 1 -> 3", 35, 1, WRONG_PASSWORD),
        new Flip("file_id", 36, 0, WRONG_PASSWORD),
        new Flip("ciphertext", Suite.PASSWORD.headerLength(), 0, WRONG_PASSWORD));
  }

  /** suite 3 header: 8 prefix | file_id 8..24 | index 24..28 | count 28..32 | length 32..36 */
  static Stream<Flip> dropFlips() {
    return Stream.of(
        new Flip("suite 3 -> 1", 4, 1, CREDENTIAL_MISMATCH),
        new Flip("flags: bit 2", 5, 2, BAD_FLAGS),
        new Flip("file_id", 8, 0, AUTHENTICATION_FAILED),
        new Flip("chunk_count 1 -> 3: a drop is one blob", 31, 1, MALFORMED_HEADER),
        new Flip("ciphertext_len off by one", 35, 0, AUTHENTICATION_FAILED),
        new Flip("ciphertext", Suite.DROP.headerLength(), 0, AUTHENTICATION_FAILED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hybridFlips")
  void a_flipped_bit_in_a_hybrid_blob_is_refused_with_its_reason(
      Flip flip, @TempDir Path target, @TempDir Path state) {
    assertRefused(flip, HYBRID, Credential.device(Keys.BOB), target, state);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordFlips")
  void a_flipped_bit_in_a_password_blob_is_refused_with_its_reason(
      Flip flip, @TempDir Path target, @TempDir Path state) {
    assertRefused(flip, PASSWORD_BLOB, Credential.password(PASSWORD), target, state);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dropFlips")
  void a_flipped_bit_in_a_drop_blob_is_refused_with_its_reason(
      Flip flip, @TempDir Path target, @TempDir Path state) {
    assertRefused(flip, DROP, Credential.drop(PHRASE), target, state);
  }

  @Test
  void padding_is_not_authenticated_and_altering_it_changes_nothing(
      @TempDir Path target, @TempDir Path state) throws Exception {
    int paddingStart = Suite.HYBRID.headerLength() + BlobHeader.parse(HYBRID).ciphertextLength();
    ByteBuffer altered = Blobs.flipBit(HYBRID, paddingStart, 0);
    altered = Blobs.flipBit(altered, Blob.SIZE - 1, 7);

    Path received =
        Transfers.receive(
            ENVELOPE,
            Credential.device(Keys.BOB),
            SenderDirectory.none(),
            target,
            state,
            List.of(altered));

    assertArrayEquals(DATA, java.nio.file.Files.readAllBytes(received));
  }

  private static void assertRefused(
      Flip flip, ByteBuffer blob, Credential with, Path target, Path state) {
    ByteBuffer tampered = Blobs.flipBit(blob, flip.offset(), flip.bit());

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE, with, SenderDirectory.none(), target, state, List.of(tampered)));

    assertEquals(flip.expected(), refused.reason(), refused.getMessage());
    Transfers.assertEmpty(target, state);
  }

  private static ByteBuffer seal(Recipient to) {
    try (OutgoingFile file = OutgoingFile.of(DATA, "tamper.bin", "application/octet-stream")) {
      return Transfers.seal(ENVELOPE, to, file, FileId.random(), null).get(0);
    }
  }

  record Flip(String field, int offset, int bit, Reason expected) {
    @Override
    public String toString() {
      return field + " (byte " + offset + ", bit " + bit + ") -> " + expected;
    }
  }
}
