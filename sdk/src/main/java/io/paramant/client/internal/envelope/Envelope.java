package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.PublicKeys;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.crypto.Randomness;
import io.paramant.client.internal.keys.PrivateKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Seals one chunk into one 5 MiB blob and opens it again (format and key schedule in the package
 * notes). Immutable and thread-safe; every call draws its own keys.
 *
 * <pre>{@code
 * ByteBuffer blob = Blob.allocate();
 * SealedBlob sealed = envelope.seal(Recipient.device(keys), fileId, meta, data, blob);  // blob written, position +5 MiB
 * blob.flip();                                                                            // upload; sealed.sha256() is its hash
 * OpenedChunk chunk = envelope.open(blob, Credential.device(myKeys), senders);           // decrypted in place
 * }</pre>
 */
public final class Envelope {

  private static final byte[] SIGNATURE_DOMAIN =
      "paramant/ghost-pipe/v1/sig".getBytes(StandardCharsets.US_ASCII);
  private static final int SIGNATURE_LENGTH = PrivateKeys.ML_DSA_65_SIGNATURE_LENGTH;
  private static final int MAX_DID_LENGTH = 255;
  private static final int PADDING_KEY_LENGTH = 32;

  private final SecureRandom random;

  /** An envelope drawing from the system CSPRNG. */
  public Envelope() {
    this(Randomness.system());
  }

  /**
   * An envelope drawing from {@code random}: for known-answer tests only, which inject a
   * deterministic one.
   */
  Envelope(SecureRandom random) {
    this.random = random;
  }

  /**
   * Seals one unsigned chunk into {@code out}.
   *
   * @param data the chunk's data, from its position to its limit (neither is moved)
   * @param out receives the blob at its position, which advances by {@link Blob#SIZE}; a direct
   *     buffer
   * @throws EnvelopeException {@link Reason#TOO_LARGE} if meta and data do not fit in one blob, or
   *     a drop is not a single chunk
   */
  public SealedBlob seal(
      Recipient to, FileId fileId, ChunkMeta meta, ByteBuffer data, ByteBuffer out) {
    return sealChunk(to, fileId, meta, data, null, out);
  }

  /**
   * Seals one chunk signed by {@code sender} (flag bit 0), which lets the receiver verify who sent
   * it.
   */
  public SealedBlob seal(
      Recipient to,
      FileId fileId,
      ChunkMeta meta,
      ByteBuffer data,
      DeviceKeys sender,
      ByteBuffer out) {
    return sealChunk(to, fileId, meta, data, Objects.requireNonNull(sender, "sender"), out);
  }

  /** {@code sender} is null for an unsigned chunk. */
  private SealedBlob sealChunk(
      Recipient to,
      FileId fileId,
      ChunkMeta meta,
      ByteBuffer data,
      DeviceKeys sender,
      ByteBuffer out) {
    Suite suite = to.suite();
    if (suite.singleBlob() && meta.count() != 1) {
      throw new EnvelopeException(Reason.TOO_LARGE, "a drop holds a single blob");
    }
    if (out.remaining() < Blob.SIZE) {
      throw new IllegalArgumentException("the output buffer has room for less than one blob");
    }
    byte[] metaBytes = meta.encode();
    byte[] did = sender == null ? new byte[0] : sender.did().getBytes(StandardCharsets.US_ASCII);
    int signatureBlock =
        sender == null ? 0 : Short.BYTES + SIGNATURE_LENGTH + Short.BYTES + did.length;
    int bodyLength = Integer.BYTES + metaBytes.length + data.remaining();
    long ciphertextLength = (long) signatureBlock + bodyLength + BlobHeader.TAG_LENGTH;
    if (suite.headerLength() + ciphertextLength > Blob.SIZE) {
      throw new EnvelopeException(
          Reason.TOO_LARGE,
          "chunk needs "
              + (suite.headerLength() + ciphertextLength)
              + " bytes, a blob has "
              + Blob.SIZE);
    }

    Keying keying = to.draw(random);
    int flags = sender == null ? 0 : BlobHeader.FLAG_SIGNED;
    // Validates again and, with the values checked above, cannot fail: the session key is always
    // closed below.
    BlobHeader header =
        BlobHeader.create(
            suite,
            flags,
            keying.keyFields(),
            fileId,
            meta.index(),
            meta.count(),
            (int) ciphertextLength);
    byte[] headerBytes = header.encoded();
    int base = out.position();
    int plaintextStart = base + header.length();
    int bodyStart = plaintextStart + signatureBlock;
    try (SessionKey key = keying.sessionKey().apply(header)) {
      out.put(base, headerBytes);
      out.putInt(bodyStart, metaBytes.length);
      out.put(bodyStart + Integer.BYTES, metaBytes);
      out.put(
          bodyStart + Integer.BYTES + metaBytes.length, data, data.position(), data.remaining());
      if (sender != null) {
        byte[] message = signedMessage(headerBytes, out.slice(bodyStart, bodyLength));
        byte[] signature = sender.privateKeys().sign(message, random);
        out.putShort(plaintextStart, (short) signature.length)
            .put(plaintextStart + Short.BYTES, signature)
            .putShort(plaintextStart + Short.BYTES + signature.length, (short) did.length)
            .put(plaintextStart + 2 * Short.BYTES + signature.length, did);
      }
      gcm(
          Cipher.ENCRYPT_MODE,
          key,
          headerBytes,
          out.slice(plaintextStart, signatureBlock + bodyLength),
          out.slice(plaintextStart, (int) ciphertextLength));
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    } catch (RuntimeException e) {
      // The plaintext was written into the blob buffer before encryption: never leave it there.
      Blob.wipe(out.slice(base, Blob.SIZE));
      throw e;
    } finally {
      Arrays.fill(metaBytes, (byte) 0);
    }
    int paddingStart = plaintextStart + (int) ciphertextLength;
    pad(out.slice(paddingStart, base + Blob.SIZE - paddingStart));
    String sha256 = Blob.sha256Hex(out.slice(base, Blob.SIZE));
    out.position(base + Blob.SIZE);
    return new SealedBlob(sha256, fileId, meta.index(), meta.count());
  }

  /**
   * Opens the blob in {@code blob}'s remaining bytes (exactly {@link Blob#SIZE}; a writable,
   * ideally direct buffer), decrypting it in place; the position is not moved. Nothing is returned
   * unless the whole chunk authenticated; on any failure after decryption the decrypted bytes are
   * wiped.
   *
   * @param senders resolves the DID of a signed blob; a signed blob whose signature cannot be
   *     verified fails
   * @throws EnvelopeException with the reason of the first check that failed, in this order:
   *     length, magic, suite, {@link Reason#CREDENTIAL_MISMATCH}, header fields, key validity,
   *     {@link Reason#AUTHENTICATION_FAILED} (or {@link Reason#WRONG_PASSWORD}), signature,
   *     plaintext framing
   */
  public OpenedChunk open(ByteBuffer blob, Credential with, SenderDirectory senders) {
    Suite suite = BlobHeader.suiteOf(blob);
    if (suite != with.suite()) {
      throw new EnvelopeException(
          Reason.CREDENTIAL_MISMATCH,
          "blob is sealed for " + suite.credential() + ", not " + with.suite().credential());
    }
    BlobHeader header = BlobHeader.parse(blob);
    int plaintextStart = blob.position() + header.length();
    ByteBuffer plaintext = blob.slice(plaintextStart, header.plaintextLength());
    try (SessionKey key = with.sessionKey(header)) {
      gcm(
          Cipher.DECRYPT_MODE,
          key,
          header.encoded(),
          blob.slice(plaintextStart, header.ciphertextLength()),
          plaintext.duplicate());
    } catch (AEADBadTagException e) {
      throw new EnvelopeException(with.authenticationFailure());
    }
    try {
      return read(header, plaintext, senders);
    } catch (RuntimeException e) {
      Blob.wipe(plaintext);
      throw e;
    }
  }

  /**
   * Splits an authenticated plaintext into signature block, meta and data, verifying the signature
   * first.
   */
  private static OpenedChunk read(
      BlobHeader header, ByteBuffer plaintext, SenderDirectory senders) {
    ByteBuffer body = plaintext;
    String senderDid = null;
    if (header.signed()) {
      int signatureLength = unsignedShort(plaintext, 0, "signature length");
      if (signatureLength != SIGNATURE_LENGTH) {
        throw new EnvelopeException(
            Reason.MALFORMED_PLAINTEXT, "signature block holds no ML-DSA-65 signature");
      }
      int didAt = Short.BYTES + signatureLength;
      int didLength = unsignedShort(plaintext, didAt, "DID length");
      int bodyAt = didAt + Short.BYTES + didLength;
      if (didLength > MAX_DID_LENGTH || bodyAt > plaintext.limit()) {
        throw new EnvelopeException(
            Reason.MALFORMED_PLAINTEXT, "signature block overruns the plaintext");
      }
      byte[] signature = new byte[signatureLength];
      plaintext.get(Short.BYTES, signature);
      byte[] did = new byte[didLength];
      plaintext.get(didAt + Short.BYTES, did);
      body = plaintext.slice(bodyAt, plaintext.limit() - bodyAt);
      senderDid = new String(did, StandardCharsets.US_ASCII);
      verify(senderDid, signature, signedMessage(header.encoded(), body), senders);
    }
    if (body.limit() < Integer.BYTES) {
      throw new EnvelopeException(Reason.MALFORMED_PLAINTEXT, "no meta length");
    }
    long metaLength = Integer.toUnsignedLong(body.getInt(0));
    if (metaLength > ChunkMeta.MAX_LENGTH || Integer.BYTES + metaLength > body.limit()) {
      throw new EnvelopeException(Reason.MALFORMED_PLAINTEXT, "meta length " + metaLength);
    }
    byte[] metaBytes = new byte[(int) metaLength];
    body.get(Integer.BYTES, metaBytes);
    ChunkMeta meta;
    try {
      meta = ChunkMeta.parse(metaBytes);
    } finally {
      Arrays.fill(metaBytes, (byte) 0);
    }
    if (meta.index() != header.chunkIndex() || meta.count() != header.chunkCount()) {
      throw new EnvelopeException(Reason.MALFORMED_PLAINTEXT, "meta i/n differ from the header");
    }
    int dataAt = Integer.BYTES + metaBytes.length;
    return new OpenedChunk(header, meta, body.slice(dataAt, body.limit() - dataAt), senderDid);
  }

  /** Resolves the DID, checks that the keys derive it, and verifies the ML-DSA-65 signature. */
  private static void verify(
      String did, byte[] signature, byte[] message, SenderDirectory senders) {
    PublicKeys keys =
        senders.lookup(did).orElseThrow(() -> new EnvelopeException(Reason.UNKNOWN_SENDER));
    if (!keys.did().map(did::equals).orElse(false)) {
      throw new EnvelopeException(
          Reason.UNKNOWN_SENDER, "the directory's keys do not derive the DID");
    }
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(
        false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, keys.mlDsa().orElseThrow()));
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new EnvelopeException(Reason.SIGNATURE_INVALID);
    }
  }

  /** "paramant/ghost-pipe/v1/sig" || SHA-256(header) || SHA-256(meta_len || meta || data). */
  private static byte[] signedMessage(byte[] header, ByteBuffer body) {
    return ByteBuffer.allocate(SIGNATURE_DOMAIN.length + 2 * Digests.SHA256_LENGTH)
        .put(SIGNATURE_DOMAIN)
        .put(Digests.sha256(header))
        .put(Digests.sha256(body))
        .array();
  }

  private static int unsignedShort(ByteBuffer plaintext, int at, String field) {
    if (at + Short.BYTES > plaintext.limit()) {
      throw new EnvelopeException(Reason.MALFORMED_PLAINTEXT, "no " + field);
    }
    return Short.toUnsignedInt(plaintext.getShort(at));
  }

  /**
   * AES-256-GCM over {@code input} into {@code output} (the same memory when in place), header as
   * AAD.
   */
  private static void gcm(int mode, SessionKey key, byte[] aad, ByteBuffer input, ByteBuffer output)
      throws AEADBadTagException {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key.aesKey(), key.gcmParameters());
      cipher.updateAAD(aad);
      cipher.doFinal(input, output);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required of every Java 17 runtime", e);
    }
  }

  /**
   * Fills {@code padding} with AES-256-CTR keystream under a fresh 32-byte key from the CSPRNG:
   * CSPRNG output at AES speed (about 1 ms for 5 MiB, where {@code SecureRandom.nextBytes} takes 15
   * to 70 ms here).
   */
  private void pad(ByteBuffer padding) {
    byte[] seed = new byte[PADDING_KEY_LENGTH];
    random.nextBytes(seed);
    try {
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
      Blob.wipe(padding);
      ctr.doFinal(padding.duplicate(), padding.duplicate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR is required of every Java 17 runtime", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
