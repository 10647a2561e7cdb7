package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import io.paramant.client.Mnemonic;
import io.paramant.client.PublicKeys;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.ct.entry.DeviceBinding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>The signed case was rewritten when the sender signature gained the signer's namespace and
 * device id, the recipient's binding and the signing time (issue 13): that file was not re-checked
 * by the independent implementation; instead its signed message and plaintext layout are spelled
 * out here field by field from PROTOCOL.md, and its pinned signature is verified.
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
        answer.signed() ? Optional.of(answer.get("sender.device_id")) : Optional.empty(),
        chunk.sender().map(VerifiedSender::deviceId));
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
  void the_signed_message_is_built_exactly_as_pinned() {
    KnownAnswer answer = KnownAnswer.load(KnownAnswer.Case.SUITE_1_SIGNED);
    String namespace = answer.get("sender.namespace");
    String device = answer.get("sender.device_id");

    assertEquals(
        answer.get("recipient.binding"),
        HexFormat.of().formatHex(DeviceBinding.of(namespace, answer.get("recipient.device_id"))));
    byte[] message =
        SignatureBlock.message(
            namespace,
            device,
            answer.hex("recipient.binding"),
            Long.parseLong(answer.get("signed_at_ms")),
            Digests.sha256(answer.hex("expected.header")),
            Digests.sha256(answer.hex("expected.rest")));
    assertEquals(answer.get("expected.signed_message"), HexFormat.of().formatHex(message));
    // the same bytes spelled out from PROTOCOL.md, field by field
    String spelled =
        HexFormat.of().formatHex("paramant/ghost-pipe/v1/sig".getBytes(StandardCharsets.US_ASCII))
            + String.format("%02x", namespace.length())
            + HexFormat.of().formatHex(namespace.getBytes(StandardCharsets.US_ASCII))
            + String.format("%02x", device.length())
            + HexFormat.of().formatHex(device.getBytes(StandardCharsets.US_ASCII))
            + answer.get("recipient.binding")
            + String.format("%016x", Long.parseLong(answer.get("signed_at_ms")))
            + HexFormat.of().formatHex(Digests.sha256(answer.hex("expected.header")))
            + HexFormat.of().formatHex(Digests.sha256(answer.hex("expected.rest")));
    assertEquals(spelled, answer.get("expected.signed_message"));
  }

  @Test
  void the_pinned_signature_verifies_over_the_pinned_message_and_nothing_else() {
    KnownAnswer answer = KnownAnswer.load(KnownAnswer.Case.SUITE_1_SIGNED);
    byte[] mlDsa = answer.hex("sender.ml_dsa_public");
    byte[] message = answer.hex("expected.signed_message");
    SignatureBlock block =
        new SignatureBlock(
            answer.hex("expected.signature"),
            answer.get("sender.namespace"),
            answer.get("sender.device_id"),
            Long.parseLong(answer.get("signed_at_ms")));

    assertTrue(block.verifies(mlDsa, message));
    message[message.length - 1] ^= 1;
    assertFalse(block.verifies(mlDsa, message));
  }

  @Test
  void the_signed_plaintext_has_the_pinned_layout() {
    KnownAnswer answer = KnownAnswer.load(KnownAnswer.Case.SUITE_1_SIGNED);
    String namespace = answer.get("sender.namespace");
    String device = answer.get("sender.device_id");

    byte[] plaintext = answer.plaintext(answer.seal());

    assertEquals(answer.get("expected.plaintext"), HexFormat.of().formatHex(plaintext));
    String layout =
        "0ced"
            + answer.get("expected.signature")
            + String.format("%02x", namespace.length())
            + HexFormat.of().formatHex(namespace.getBytes(StandardCharsets.US_ASCII))
            + String.format("%02x", device.length())
            + HexFormat.of().formatHex(device.getBytes(StandardCharsets.US_ASCII))
            + String.format("%016x", Long.parseLong(answer.get("signed_at_ms")))
            + answer.get("expected.rest");
    assertEquals(layout, answer.get("expected.plaintext"));
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
