package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException;
import io.paramant.client.FileInfo;
import io.paramant.client.Mnemonic;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.crypto.Randomness;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import io.paramant.ct.entry.DeviceBinding;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Blobs from a hostile relay or sender, opened by {@link Envelope#open}: whatever the bytes and
 * whichever credential, only {@link EnvelopeException} may come out. Three targets:
 *
 * <ul>
 *   <li>{@code header}: a blob made up from its first bytes (the input, up to 4 KiB; the rest
 *       zeros), opened with the credential of the suite it names. Nothing made up opens.
 *   <li>{@code tampered}: a real blob (hybrid, signed hybrid, drop) with bytes overwritten, opened
 *       with its own credential or a wrong one. It opens only with its own credential and with its
 *       header and ciphertext unchanged (padding carries nothing).
 *   <li>{@code hostilePlaintext}: a blob that authenticates, with a plaintext the sender chose:
 *       anyone with the receiver's public key can seal any plaintext, and a sender can sign it with
 *       its own real key. What opens agrees with its header.
 * </ul>
 *
 * Password blobs are opened only at the minimum Argon2 cost, so that an input costs milliseconds,
 * not seconds (the cost limits themselves are {@code TamperTest}'s). Seeds and findings:
 * src/test/resources/io/paramant/client/internal/envelope/EnvelopeFuzzTestInputs/.
 */
class EnvelopeFuzzTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final DeviceKeys RECEIVER = Keys.BOB;
  private static final DeviceKeys SENDER = Keys.ALICE;
  private static final SenderDirectory SENDERS = Keys.bobsDirectory();
  private static final char[] PASSWORD = "fuzz password".toCharArray();
  private static final Mnemonic PHRASE = Mnemonic.fromEntropy(new byte[16]);
  private static final Mnemonic OTHER_PHRASE =
      Mnemonic.fromEntropy(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  private static final byte[] DATA = Transfers.content(300);

  private static final ByteBuffer HYBRID = seal(Recipient.device(RECEIVER.publicKeys()), null);
  private static final ByteBuffer SIGNED =
      seal(Recipient.device(RECEIVER.publicKeys()), Keys.aliceToBob());
  private static final ByteBuffer DROP = seal(Recipient.drop(PHRASE), null);
  private static final ByteBuffer[] BLOBS = {HYBRID, SIGNED, DROP};
  private static final Credential[] OWN = {
    Credential.device(RECEIVER), Credential.device(RECEIVER), Credential.drop(PHRASE)
  };
  private static final Credential[] WRONG = {
    Credential.device(Keys.MALLORY), Credential.drop(OTHER_PHRASE), Credential.device(SENDER)
  };

  /** Reused for every input: allocating 5 MiB of direct memory per input would outrun the GC. */
  private static final ByteBuffer WORK = Blob.allocate();

  @FuzzTest
  void header(byte[] start) {
    Blob.wipe(WORK.clear());
    WORK.put(0, start, 0, Math.min(start.length, 4096));
    int suite = start.length > 4 ? start[4] & 0xff : 0;
    Credential with =
        switch (suite) {
          case 2 -> Credential.password(PASSWORD);
          case 3 -> Credential.drop(PHRASE);
          default -> Credential.device(RECEIVER);
        };
    try {
      if (suite == 2
          && !KdfParameters.fromKeyFields(BlobHeader.parse(WORK).keyFields())
              .equals(KdfParameters.MINIMUM)) {
        return;
      }
      ENVELOPE.open(WORK, with, SENDERS);
    } catch (EnvelopeException refused) {
      return;
    }
    fail("a made-up blob opened");
  }

  @FuzzTest
  void tampered(FuzzedDataProvider data) {
    int which = data.consumeInt(0, BLOBS.length - 1);
    ByteBuffer original = BLOBS[which];
    WORK.clear().put(original.duplicate().clear()).clear();
    BlobHeader header = BlobHeader.parse(original);
    int authenticated = header.length() + header.ciphertextLength();
    boolean changed = false;
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      int at =
          data.consumeBoolean()
              ? data.consumeInt(0, authenticated + 16)
              : data.consumeInt(0, Blob.SIZE - 1);
      byte value = data.consumeByte();
      changed |= at < authenticated && WORK.get(at) != value;
      WORK.put(at, value);
    }
    boolean own = data.consumeBoolean();
    Credential with = own ? OWN[which] : WRONG[which];
    OpenedChunk chunk;
    try {
      chunk = ENVELOPE.open(WORK, with, SENDERS);
    } catch (EnvelopeException refused) {
      assertTrue(!own || changed, "the genuine blob did not open: " + refused.getMessage());
      return;
    }
    assertTrue(own && !changed, "a changed blob or a wrong credential opened it");
    assertArrayEquals(DATA, Blobs.bytes(chunk.data()));
  }

  @FuzzTest
  void hostilePlaintext(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 3);
    int index = data.consumeInt(0, count - 1);
    boolean signed = data.consumeBoolean();
    byte[] body =
        data.consumeBoolean()
            ? framed(data.consumeBytes(data.consumeInt(0, 300)), data)
            : data.consumeBytes(data.consumeInt(0, 70_000));
    int signatureBlockLength = signed ? data.consumeInt(0, 3600) : 0;
    boolean genuineSignature = signed && data.consumeBoolean();
    int genuineLength = SignatureBlock.length(Keys.NAMESPACE, "alice");
    int plaintextLength =
        genuineSignature ? genuineLength + body.length : signatureBlockLength + body.length;
    BlobHeader header =
        BlobHeader.create(
            Suite.HYBRID,
            signed ? BlobHeader.FLAG_SIGNED : 0,
            BlobHeader.parse(HYBRID).keyFields(),
            FileId.of(new byte[16]),
            index,
            count,
            plaintextLength + BlobHeader.TAG_LENGTH);
    ByteBuffer plaintext = ByteBuffer.allocate(plaintextLength);
    if (genuineSignature) {
      byte[] message =
          SignatureBlock.message(
              Keys.NAMESPACE,
              "alice",
              DeviceBinding.of(Keys.NAMESPACE, "bob"),
              Keys.SIGNED_AT,
              Digests.sha256(header.encoded()),
              Digests.sha256(body));
      byte[] signature = SENDER.privateKeys().sign(message, Randomness.system());
      new SignatureBlock(signature, Keys.NAMESPACE, "alice", Keys.SIGNED_AT).write(plaintext, 0);
      plaintext.position(genuineLength);
    } else if (signed) {
      plaintext.put(data.consumeBytes(signatureBlockLength));
      plaintext.position(signatureBlockLength);
    }
    plaintext.put(body).flip();
    sealInto(WORK, header, plaintext);
    OpenedChunk chunk;
    try {
      chunk = ENVELOPE.open(WORK, Credential.device(RECEIVER), SENDERS);
    } catch (EnvelopeException | SenderSignatureException refused) {
      return;
    }
    assertEquals(index, chunk.chunkIndex());
    assertEquals(count, chunk.chunkCount());
    assertEquals(index == 0, chunk.file().isPresent());
    assertTrue(chunk.data().remaining() <= plaintextLength);
  }

  /** meta_len u32 | meta | data: meta and data from the fuzzer, the length mostly honest. */
  private static byte[] framed(byte[] meta, FuzzedDataProvider data) {
    byte[] rest = data.consumeBytes(data.consumeInt(0, 200));
    int length = data.consumeBoolean() ? meta.length : data.consumeInt();
    return ByteBuffer.allocate(4 + meta.length + rest.length)
        .putInt(length)
        .put(meta)
        .put(rest)
        .array();
  }

  /** Writes a blob that authenticates: header, AES-GCM of the plaintext, zeros. */
  private static void sealInto(ByteBuffer blob, BlobHeader header, ByteBuffer plaintext) {
    Blob.wipe(blob.clear());
    blob.put(0, header.encoded());
    try (SessionKey key = KeySchedule.hybridOpen(RECEIVER.privateKeys(), header)) {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(header.encoded());
      gcm.doFinal(plaintext, blob.slice(header.length(), header.ciphertextLength()));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    blob.clear();
  }

  private static ByteBuffer seal(Recipient to, Signing sender) {
    ByteBuffer blob = Blob.allocate();
    ChunkMeta meta = ChunkMeta.first(1, new FileInfo("report.pdf", DATA.length, "application/pdf"));
    ByteBuffer data = ByteBuffer.wrap(DATA);
    if (sender == null) {
      ENVELOPE.seal(to, FileId.random(), meta, data, blob);
    } else {
      ENVELOPE.seal(to, FileId.random(), meta, data, sender, blob);
    }
    return blob.flip();
  }
}
