package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException;
import io.paramant.client.FileInfo;
import io.paramant.client.PublicKeys;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.SenderSignatureException.Reason;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender signatures on one chunk (PROTOCOL.md, "Sender signature"), played by the attacker: a relay
 * (which can seal anything to a public key and read nothing), a device of the namespace that
 * forwards what it received, and a stranger. Each refusal names its reason, and nothing is written.
 * File-level attacks (splicing, replay, unsigned) are in {@code SignedTransferTest}.
 */
class SignedEnvelopeTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final DeviceKeys CAROL = DeviceKeys.generate();
  private static final byte[] DATA = "signed minutes".getBytes(StandardCharsets.UTF_8);
  private static final FileInfo FILE = new FileInfo("minutes.txt", DATA.length, "text/plain");

  /** Bob's view: Alice, Carol and himself are the devices of the namespace. */
  private static final SenderDirectory BOB =
      SenderDirectory.of(
          Keys.NAMESPACE,
          "bob",
          Map.of(
              "alice",
              Keys.ALICE.publicKeys(),
              "bob",
              Keys.BOB.publicKeys(),
              "carol",
              CAROL.publicKeys()));

  @TempDir Path target;
  @TempDir Path state;

  @Test
  void a_signed_chunk_opens_with_its_verified_sender() {
    OpenedChunk chunk = ENVELOPE.open(seal(Keys.aliceToBob()), Credential.device(Keys.BOB), BOB);

    VerifiedSender sender = chunk.sender().orElseThrow();
    assertEquals(Keys.NAMESPACE, sender.namespace());
    assertEquals("alice", sender.deviceId());
    assertEquals(Keys.ALICE.publicKeys(), sender.keys());
    assertTrue(chunk.signed());
    assertArrayEquals(DATA, Blobs.bytes(chunk.data()));
  }

  @Test
  void a_signature_block_with_another_sig_len_is_a_bad_signature() {
    ByteBuffer truncated =
        Blobs.reseal(
            seal(Keys.aliceToBob()),
            Keys.BOB,
            plaintext -> {
              byte[] edited = plaintext.clone();
              ByteBuffer.wrap(edited).putShort(0, (short) 3308);
              return edited;
            });

    assertRefused(Reason.BAD_SIGNATURE, BOB, truncated);
  }

  @Test
  void a_plaintext_cut_inside_the_signature_block_is_a_bad_signature() {
    ByteBuffer cut =
        Blobs.reseal(
            seal(Keys.aliceToBob()),
            Keys.BOB,
            plaintext -> java.util.Arrays.copyOf(plaintext, 2 + 3309 + 3));

    assertRefused(Reason.BAD_SIGNATURE, BOB, cut);
  }

  @Test
  void a_signed_flag_on_an_unsigned_plaintext_is_a_bad_signature() {
    // Authentic (anyone can seal to Bob), flagged as signed, framed as an unsigned plaintext.
    ByteBuffer claimed = Blobs.reseal(seal(null), Keys.BOB, true, UnaryOperator.identity());

    assertRefused(Reason.BAD_SIGNATURE, BOB, claimed);
  }

  @Test
  void an_altered_signature_is_a_bad_signature() {
    ByteBuffer forged =
        Blobs.reseal(
            seal(Keys.aliceToBob()),
            Keys.BOB,
            plaintext -> {
              byte[] edited = plaintext.clone();
              edited[100] ^= 1;
              return edited;
            });

    assertRefused(Reason.BAD_SIGNATURE, BOB, forged);
  }

  @Test
  void a_signed_body_swapped_for_another_is_a_bad_signature() {
    ByteBuffer forged =
        Blobs.reseal(
            seal(Keys.aliceToBob()),
            Keys.BOB,
            plaintext -> {
              byte[] edited = plaintext.clone();
              edited[edited.length - 1] ^= 1;
              return edited;
            });

    assertRefused(Reason.BAD_SIGNATURE, BOB, forged);
  }

  @Test
  void a_chunk_signed_for_carol_and_re_encrypted_to_bob_is_refused() {
    // Carol received a chunk Alice signed for her and forwards it to Bob under a new encapsulation:
    // the header hash and the recipient binding both betray it.
    ByteBuffer forCarol = seal(CAROL.publicKeys(), Keys.signing(Keys.ALICE, "alice", "carol"));
    ByteBuffer forwarded =
        Blobs.reencrypt(forCarol, Credential.device(CAROL), Keys.BOB.publicKeys());

    assertRefused(Reason.BAD_SIGNATURE, BOB, forwarded);
  }

  @Test
  void a_signature_over_another_devices_binding_is_not_for_me() {
    // Alice's client signed for Carol but sealed to Bob (a confused or hostile sender): the header
    // is Bob's, the binding Carol's.
    ByteBuffer misaddressed =
        seal(Keys.BOB.publicKeys(), Keys.signing(Keys.ALICE, "alice", "carol"));

    SenderSignatureException refused = assertRefused(Reason.NOT_FOR_ME, BOB, misaddressed);
    assertEquals(
        "the chunk was signed for another device: signed by "
            + Keys.NAMESPACE
            + "/alice for "
            + Keys.NAMESPACE
            + "/carol, not bob",
        refused.getMessage());
  }

  @Test
  void a_signature_over_the_binding_of_an_unknown_device_is_a_bad_signature() {
    ByteBuffer misaddressed =
        seal(Keys.BOB.publicKeys(), Keys.signing(Keys.ALICE, "alice", "dave"));

    assertRefused(Reason.BAD_SIGNATURE, BOB, misaddressed);
  }

  @Test
  void a_signer_from_another_namespace_is_refused_before_its_keys_are_looked_up() {
    Signing stranger = Signing.to(Keys.MALLORY, "team:elsewhere", "mallory", "bob", Keys.SIGNED_AT);

    SenderSignatureException refused =
        assertRefused(Reason.WRONG_NAMESPACE, BOB, seal(Keys.BOB.publicKeys(), stranger));
    assertEquals(
        "the signer is from another namespace: signed by team:elsewhere/mallory, this device is in "
            + Keys.NAMESPACE,
        refused.getMessage());
  }

  @Test
  void a_signer_the_directory_does_not_prove_is_unknown() {
    ByteBuffer byMallory =
        seal(Keys.BOB.publicKeys(), Keys.signing(Keys.MALLORY, "mallory", "bob"));

    assertRefused(Reason.UNKNOWN_SIGNER, BOB, byMallory);
  }

  @Test
  void mallory_claiming_to_be_alice_fails_on_alices_proven_key() {
    ByteBuffer impostor = seal(Keys.BOB.publicKeys(), Keys.signing(Keys.MALLORY, "alice", "bob"));

    assertRefused(Reason.BAD_SIGNATURE, BOB, impostor);
  }

  @Test
  void password_and_drop_blobs_are_never_signed() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ENVELOPE.seal(
                Recipient.password("pw".toCharArray(), KdfParameters.MINIMUM),
                FileId.random(),
                ChunkMeta.first(1, FILE),
                ByteBuffer.wrap(DATA),
                Keys.aliceToBob(),
                Blob.allocate()));
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class,
            () ->
                BlobHeader.create(
                    Suite.DROP, BlobHeader.FLAG_SIGNED, new byte[0], FileId.random(), 0, 1, 100));
    assertEquals(EnvelopeException.Reason.BAD_FLAGS, refused.reason());
  }

  private static ByteBuffer seal(Signing signing) {
    return seal(Keys.BOB.publicKeys(), signing);
  }

  private static ByteBuffer seal(PublicKeys to, Signing signing) {
    try (OutgoingFile file = OutgoingFile.of(DATA, FILE.name(), FILE.type())) {
      return Transfers.seal(ENVELOPE, Recipient.device(to), file, FileId.random(), signing).get(0);
    }
  }

  private SenderSignatureException assertRefused(
      Reason expected, SenderDirectory senders, ByteBuffer blob) {
    SenderSignatureException refused =
        assertThrows(
            SenderSignatureException.class,
            () ->
                Transfers.receive(
                    ENVELOPE, Credential.device(Keys.BOB), senders, target, state, List.of(blob)));
    assertEquals(expected, refused.reason(), refused.getMessage());
    Transfers.assertEmpty(target, state);
    return refused;
  }
}
