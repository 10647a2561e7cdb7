package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.Mnemonic;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suite 3, the anonymous drop. */
class DropEnvelopeTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final byte[] DATA = Transfers.content(4096);

  @TempDir Path target;
  @TempDir Path state;

  @Test
  void a_drop_opens_with_the_phrase_as_the_receiver_types_it() throws Exception {
    Mnemonic phrase = Mnemonic.generate();
    ByteBuffer blob = seal(phrase);
    Mnemonic typed =
        Mnemonic.parse(
            "  " + phrase.phrase().toUpperCase(java.util.Locale.ROOT).replace(" ", "\n ") + " ");

    Path received =
        Transfers.receive(
            ENVELOPE, Credential.drop(typed), SenderDirectory.none(), target, state, List.of(blob));

    assertArrayEquals(DATA, Files.readAllBytes(received));
    assertEquals(phrase.dropId(), typed.dropId());
  }

  @Test
  void another_phrase_fails_authentication_and_nothing_is_written() {
    ByteBuffer blob = seal(Mnemonic.generate());

    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                Transfers.receive(
                    ENVELOPE,
                    Credential.drop(Mnemonic.generate()),
                    SenderDirectory.none(),
                    target,
                    state,
                    List.of(blob)));

    assertEquals(Reason.AUTHENTICATION_FAILED, refused.reason());
    Transfers.assertEmpty(target, state);
  }

  @Test
  void a_drop_is_one_blob_because_its_key_and_nonce_do_not_change() {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                ENVELOPE.seal(
                    Recipient.drop(Mnemonic.generate()),
                    FileId.random(),
                    ChunkMeta.first(2, new FileInfo("two.bin", 10, "application/octet-stream")),
                    ByteBuffer.allocate(5),
                    Blob.allocate()));

    assertEquals(Reason.TOO_LARGE, refused.reason());
  }

  @Test
  void the_drop_id_does_not_depend_on_the_phrase_spelling_and_is_64_hex_digits() {
    Mnemonic phrase = Mnemonic.generate();

    assertEquals(phrase.dropId(), Mnemonic.parse(phrase.phrase()).dropId());
    assertEquals(64, phrase.dropId().length());
    assertEquals(phrase.dropId(), phrase.dropId().toLowerCase(java.util.Locale.ROOT));
  }

  private static ByteBuffer seal(Mnemonic phrase) {
    try (OutgoingFile file = OutgoingFile.of(DATA, "dropped.bin", "application/octet-stream")) {
      return Transfers.seal(ENVELOPE, Recipient.drop(phrase), file, FileId.random(), null).get(0);
    }
  }
}
