package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.client.DeviceKeys;
import io.paramant.client.Mnemonic;
import io.paramant.client.PublicKeys;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the bytes of all three suites (and of the signed variant) to the known-answer files written
 * once by {@link KnownAnswerWriter}: a change to the header layout, key schedule, framing, padding
 * or key encoding fails here. The blobs themselves are not stored; they are re-sealed from the
 * pinned inputs and randomness.
 *
 * <p>When they were written, the four blobs were also opened by an independent implementation of
 * PROTOCOL.md (@noble/post-quantum 0.7.1, @noble/curves 2.4.0, @noble/hashes 2.4.0 and WebCrypto
 * AES-GCM): public keys from the key-file seeds, fingerprints, DIDs, ct_kem as FIPS 203 Encaps with
 * the stream's first 32 bytes, HKDF salts and infos, Argon2id, the signature message and the blob
 * hashes all agreed, so the pinned bytes are the protocol's and not merely this code's.
 */
class KnownAnswerTest {

  @ParameterizedTest
  @EnumSource(KnownAnswer.Case.class)
  void sealing_the_pinned_inputs_reproduces_the_pinned_header_and_blob_hash(
      KnownAnswer.Case known) {
    KnownAnswer answer = KnownAnswer.load(known);

    ByteBuffer blob = answer.seal();

    assertEquals(
        answer.get("expected.header"), HexFormat.of().formatHex(BlobHeader.parse(blob).encoded()));
    assertEquals(answer.get("expected.blob_sha256"), Blob.sha256Hex(blob));
  }

  @ParameterizedTest
  @EnumSource(KnownAnswer.Case.class)
  void the_pinned_blob_opens_to_the_pinned_plaintext(KnownAnswer.Case known) {
    KnownAnswer answer = KnownAnswer.load(known);

    OpenedChunk chunk = new Envelope().open(answer.seal(), answer.credential(), answer.senders());

    byte[] data = new byte[chunk.data().remaining()];
    chunk.data().get(data);
    assertArrayEquals(answer.hex("data"), data);
    assertEquals(Optional.of(answer.file()), chunk.file());
    assertEquals(
        answer.signed() ? Optional.of(answer.get("sender.did")) : Optional.empty(),
        chunk.senderDid());
  }

  @ParameterizedTest
  @EnumSource(
      value = KnownAnswer.Case.class,
      names = {"SUITE_1", "SUITE_1_SIGNED"})
  void pinned_key_files_derive_the_pinned_public_keys_fingerprint_and_did(KnownAnswer.Case known) {
    KnownAnswer answer = KnownAnswer.load(known);
    DeviceKeys keys = answer.keys("recipient");
    PublicKeys publicKeys = keys.publicKeys();

    assertEquals(answer.get("recipient.ml_kem_public"), publicKeys.mlKemHex());
    assertEquals(answer.get("recipient.p256_public"), publicKeys.ecdhHex());
    assertEquals(answer.get("recipient.ml_dsa_public"), publicKeys.mlDsaHex().orElseThrow());
    assertEquals(answer.get("recipient.fingerprint"), publicKeys.fingerprint());
    assertEquals(answer.get("recipient.did"), keys.did());
  }

  @Test
  void pinned_drop_entropy_gives_the_pinned_phrase_and_drop_id() {
    KnownAnswer answer = KnownAnswer.load(KnownAnswer.Case.SUITE_3);

    Mnemonic phrase = Mnemonic.fromEntropy(answer.hex("drop.entropy"));

    assertEquals(answer.get("drop.phrase"), phrase.phrase());
    assertEquals(answer.get("drop.id"), phrase.dropId());
    assertArrayEquals(
        answer.hex("drop.entropy"), Mnemonic.parse(answer.get("drop.phrase")).entropy());
  }
}
