package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.PublicKeys;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Suite 1: sealing to a device, opening with its keys, and hostile but authentic plaintexts (sender
 * signatures: {@link SignedEnvelopeTest}).
 */
class HybridEnvelopeTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final byte[] DATA = "the quarterly figures".getBytes(StandardCharsets.UTF_8);
  private static final FileInfo FILE = new FileInfo("figures.txt", DATA.length, "text/plain");

  @TempDir Path target;
  @TempDir Path state;

  @Test
  void a_sealed_chunk_opens_with_the_recipients_keys_to_the_same_data_and_meta() {
    ByteBuffer blob = seal(null);

    OpenedChunk chunk = ENVELOPE.open(blob, Credential.device(Keys.BOB), SenderDirectory.none());

    assertArrayEquals(DATA, Blobs.bytes(chunk.data()));
    assertEquals(Optional.of(FILE), chunk.file());
    assertEquals(Suite.HYBRID, chunk.suite());
    assertEquals(0, chunk.chunkIndex());
    assertEquals(1, chunk.chunkCount());
    assertEquals(Optional.empty(), chunk.sender());
    assertEquals(false, chunk.signed());
  }

  @Test
  void sealing_writes_exactly_one_blob_and_reports_its_hash() {
    ByteBuffer out = ByteBuffer.allocateDirect(Blob.SIZE + 100).position(40);

    SealedBlob sealed =
        ENVELOPE.seal(
            Recipient.device(Keys.BOB.publicKeys()),
            FileId.random(),
            ChunkMeta.first(1, FILE),
            ByteBuffer.wrap(DATA),
            out);

    assertEquals(40 + Blob.SIZE, out.position());
    assertEquals(Blob.sha256Hex(out.slice(40, Blob.SIZE)), sealed.sha256());
  }

  @Test
  void the_same_chunk_sealed_twice_gives_unrelated_blobs() {
    FileId fileId = FileId.random();
    ByteBuffer first = Blob.allocate();
    ByteBuffer second = Blob.allocate();
    Recipient to = Recipient.device(Keys.BOB.publicKeys());

    String firstHash =
        ENVELOPE.seal(to, fileId, ChunkMeta.first(1, FILE), ByteBuffer.wrap(DATA), first).sha256();
    String secondHash =
        ENVELOPE.seal(to, fileId, ChunkMeta.first(1, FILE), ByteBuffer.wrap(DATA), second).sha256();

    assertNotEquals(firstHash, secondHash);
    // the KEM ciphertexts differ (one byte alone collides once in 256 runs; 32 bytes never do)
    int kemFields = 8;
    assertNotEquals(first.slice(kemFields, 32), second.slice(kemFields, 32));
  }

  @Test
  void another_devices_keys_fail_authentication_and_nothing_is_written() {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE,
                    Credential.device(Keys.MALLORY),
                    SenderDirectory.none(),
                    target,
                    state,
                    List.of(seal(null))));

    assertEquals(Reason.AUTHENTICATION_FAILED, refused.reason());
    Transfers.assertEmpty(target, state);
  }

  @Test
  void a_truncated_blob_is_refused_by_its_length() {
    ByteBuffer truncated = seal(null).limit(Blob.SIZE - 1);

    assertReceiveRefused(Reason.WRONG_LENGTH, truncated);
  }

  @Test
  void an_over_long_blob_is_refused_by_its_length() {
    ByteBuffer longer =
        ByteBuffer.allocateDirect(Blob.SIZE + 1).put(seal(null)).put((byte) 0).flip();

    assertReceiveRefused(Reason.WRONG_LENGTH, longer);
  }

  @Test
  void a_suite_this_client_does_not_know_is_refused() {
    assertReceiveRefused(Reason.UNSUPPORTED_SUITE, Blobs.overwrite(seal(null), 4, (byte) 0x04));
  }

  @Test
  void unknown_flag_bits_are_refused() {
    assertReceiveRefused(Reason.BAD_FLAGS, Blobs.overwrite(seal(null), 5, (byte) 0x02));
  }

  @Test
  void a_password_credential_for_a_device_blob_is_a_credential_mismatch() {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                ENVELOPE.open(
                    seal(null),
                    Credential.password("secret".toCharArray()),
                    SenderDirectory.none()));

    assertEquals(Reason.CREDENTIAL_MISMATCH, refused.reason());
    assertEquals(
        "blob needs a different kind of key: blob is sealed for a device key, not a password",
        refused.getMessage());
  }

  @Test
  void a_meta_length_beyond_the_plaintext_is_malformed() {
    ByteBuffer hostile =
        Blobs.reseal(
            seal(null),
            Keys.BOB,
            plaintext -> {
              byte[] edited = plaintext.clone();
              ByteBuffer.wrap(edited).putInt(0, edited.length);
              return edited;
            });

    assertReceiveRefused(Reason.MALFORMED_PLAINTEXT, hostile);
  }

  @Test
  void a_plaintext_too_short_for_its_meta_length_is_malformed() {
    assertReceiveRefused(
        Reason.MALFORMED_PLAINTEXT, Blobs.reseal(seal(null), Keys.BOB, plaintext -> new byte[2]));
  }

  @Test
  void meta_that_contradicts_the_authenticated_header_is_malformed() {
    ByteBuffer hostile =
        Blobs.reseal(
            seal(null),
            Keys.BOB,
            plaintext ->
                body(
                    "{\"i\":0,\"n\":2,\"name\":\"figures.txt\",\"size\":21,\"type\":\"text/plain\"}",
                    DATA));

    assertReceiveRefused(Reason.MALFORMED_PLAINTEXT, hostile);
  }

  @Test
  void a_file_name_that_would_leave_the_target_directory_is_refused() {
    ByteBuffer hostile =
        Blobs.reseal(
            seal(null),
            Keys.BOB,
            plaintext ->
                body(
                    "{\"i\":0,\"n\":1,\"name\":\"../escape.txt\",\"size\":21,\"type\":\"text/plain\"}",
                    DATA));

    assertReceiveRefused(Reason.UNSAFE_FILE_NAME, hostile);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invoice\u202Etxt.exe", // right-to-left override: shows as "invoiceexe.txt"
        "a\u2067.txt", // right-to-left isolate
        "a\u009B2J.txt", // C1 CSI: clears some terminals' screens
        "a\u001B]0;owned\u0007.txt", // ESC: sets the terminal's title
        "a\u200B.txt", // zero-width space
      })
  void a_file_name_that_could_take_over_a_terminal_is_refused_before_anything_is_written(
      String name) {
    ByteBuffer hostile =
        ByteBuffer.wrap(
            HostileSender.renamed(Blobs.bytes(seal(null)), Credential.device(Keys.BOB), name));

    assertReceiveRefused(Reason.UNSAFE_FILE_NAME, hostile);
  }

  @Test
  void content_larger_than_one_blob_is_refused_before_anything_is_written() {
    ByteBuffer out = Blob.allocate();
    ByteBuffer tooMuch = ByteBuffer.allocate(Blob.SIZE);

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                ENVELOPE.seal(
                    Recipient.device(Keys.BOB.publicKeys()),
                    FileId.random(),
                    ChunkMeta.first(1, new FileInfo("big", Blob.SIZE, "application/octet-stream")),
                    tooMuch,
                    out));

    assertEquals(Reason.TOO_LARGE, refused.reason());
    assertEquals(0, out.position());
  }

  @Test
  void sealing_to_an_invalid_p256_key_is_impossible() {
    byte[] offCurve = Keys.BOB.publicKeys().ecdh();
    offCurve[40] ^= 1;

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class, () -> PublicKeys.of(Keys.BOB.publicKeys().mlKem(), offCurve));

    assertEquals(Reason.INVALID_KEY, refused.reason());
  }

  private static ByteBuffer seal(Signing sender) {
    try (var file =
        io.paramant.client.internal.transfer.OutgoingFile.of(DATA, FILE.name(), FILE.type())) {
      return Transfers.seal(
              ENVELOPE, Recipient.device(Keys.BOB.publicKeys()), file, FileId.random(), sender)
          .get(0);
    }
  }

  private static byte[] body(String meta, byte[] data) {
    byte[] json = meta.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + json.length + data.length)
        .putInt(json.length)
        .put(json)
        .put(data)
        .array();
  }

  private static UnaryOperator<byte[]> flipByte(int offset) {
    return plaintext -> {
      byte[] edited = Arrays.copyOf(plaintext, plaintext.length);
      edited[offset] ^= 1;
      return edited;
    };
  }

  private void assertReceiveRefused(Reason expected, ByteBuffer blob) {
    assertReceiveRefused(expected, SenderDirectory.none(), blob);
  }

  private void assertReceiveRefused(Reason expected, SenderDirectory senders, ByteBuffer blob) {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE, Credential.device(Keys.BOB), senders, target, state, List.of(blob)));

    assertEquals(expected, refused.reason(), refused.getMessage());
    Transfers.assertEmpty(target, state);
  }
}
