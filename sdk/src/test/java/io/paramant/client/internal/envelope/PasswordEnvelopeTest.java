package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 2. Argon2id runs at the cheapest allowed parameters except where the defaults are the
 * point.
 */
class PasswordEnvelopeTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final byte[] DATA = Transfers.content(1000);

  @TempDir Path target;
  @TempDir Path state;

  @Test
  void a_password_blob_opens_with_the_password() throws Exception {
    List<ByteBuffer> blobs = seal("open sesame", KdfParameters.MINIMUM, DATA);

    Path received =
        Transfers.receive(
            ENVELOPE,
            Credential.password("open sesame".toCharArray()),
            SenderDirectory.none(),
            target,
            state,
            blobs);

    assertArrayEquals(DATA, Files.readAllBytes(received));
  }

  @Test
  void a_password_blob_at_the_default_parameters_opens_with_the_password() throws Exception {
    List<ByteBuffer> blobs = seal("default cost", KdfParameters.DEFAULT, DATA);

    Path received =
        Transfers.receive(
            ENVELOPE,
            Credential.password("default cost".toCharArray()),
            SenderDirectory.none(),
            target,
            state,
            blobs);

    assertArrayEquals(DATA, Files.readAllBytes(received));
    assertEquals(
        KdfParameters.DEFAULT,
        KdfParameters.fromKeyFields(BlobHeader.parse(blobs.get(0)).keyFields()));
  }

  @Test
  void a_wrong_password_is_reported_as_such_and_nothing_is_written() {
    List<ByteBuffer> blobs = seal("right", KdfParameters.MINIMUM, DATA);

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE,
                    Credential.password("wrong".toCharArray()),
                    SenderDirectory.none(),
                    target,
                    state,
                    blobs));

    assertEquals(Reason.WRONG_PASSWORD, refused.reason());
    Transfers.assertEmpty(target, state);
  }

  @Test
  void sealing_refuses_parameters_below_the_minimum() {
    assertEquals(
        Reason.WEAK_KDF_PARAMETERS,
        assertThrows(EnvelopeException.class, () -> new KdfParameters(19_455, 2, 1)).reason());
    assertEquals(
        Reason.WEAK_KDF_PARAMETERS,
        assertThrows(EnvelopeException.class, () -> new KdfParameters(65_536, 1, 4)).reason());
    assertEquals(
        Reason.WEAK_KDF_PARAMETERS,
        assertThrows(EnvelopeException.class, () -> new KdfParameters(65_536, 3, 0)).reason());
  }

  @Test
  void opening_refuses_weak_parameters_before_running_argon2() {
    ByteBuffer blob = seal("pw", KdfParameters.MINIMUM, DATA).get(0);
    // m_kib at bytes 24..28: 1024 KiB, far below the minimum; t and p untouched.
    ByteBuffer weak = Blobs.overwrite(blob, 24, (byte) 0, (byte) 0, (byte) 0x04, (byte) 0);

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE,
                    Credential.password("pw".toCharArray()),
                    SenderDirectory.none(),
                    target,
                    state,
                    List.of(weak)));

    assertEquals(Reason.WEAK_KDF_PARAMETERS, refused.reason());
    assertEquals(
        "Argon2id parameters below the minimum m=19456 KiB, t=2, p=1: m=1024 KiB, t=2, p=1",
        refused.getMessage());
    Transfers.assertEmpty(target, state);
  }

  @Test
  void every_chunk_of_a_password_file_draws_its_own_argon2_salt() {
    byte[] twoChunks = Transfers.content(OutgoingFile.CHUNK_DATA_SIZE + 10);

    List<ByteBuffer> blobs = seal("pw", KdfParameters.MINIMUM, twoChunks);

    byte[] first = BlobHeader.parse(blobs.get(0)).bytesBeforeFileId();
    byte[] second = BlobHeader.parse(blobs.get(1)).bytesBeforeFileId();
    assertNotEquals(
        Arrays.toString(first),
        Arrays.toString(second),
        "the HKDF salt covers only these bytes, so they must differ per chunk");
  }

  private static List<ByteBuffer> seal(String password, KdfParameters parameters, byte[] data) {
    try (OutgoingFile file = OutgoingFile.of(data, "secret.bin", "application/octet-stream")) {
      return Transfers.seal(
          ENVELOPE,
          Recipient.password(password.toCharArray(), parameters),
          file,
          FileId.random(),
          null);
    }
  }
}
