package io.paramant.client.internal.envelope;

import io.paramant.accounts.DeviceIds;
import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.crypto.Randomness;
import io.paramant.ct.entry.DeviceBinding;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals one chunk into one 5 MiB blob and opens it again (format and key schedule in the package
 * notes). Immutable and thread-safe; every call draws its own keys.
 *
 * <pre>{@code
 * ByteBuffer blob = Blob.allocate();
 * SealedBlob sealed = envelope.seal(Recipient.device(keys), fileId, meta, data, blob);  // blob written, position +5 MiB
 * blob.flip();                                                                            // upload; sealed.sha256() is its hash
 * OpenedChunk chunk = envelope.open(blob, Credential.device(myKeys), senders);           // decrypted in place, signature verified
 * }</pre>
 */
public final class Envelope {

  /** How many other devices' bindings a failed signature is tried over, to name NOT_FOR_ME. */
  static final int MAX_OTHER_RECIPIENTS = 1024;

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
   * Seals one chunk signed by the sending device (flag bit 0; {@link SignatureBlock}), which lets
   * the receiver verify who sent it and that it was meant for it. Only device blobs are signed.
   *
   * @throws IllegalArgumentException if {@code to} is not a device
   */
  public SealedBlob seal(
      Recipient to,
      FileId fileId,
      ChunkMeta meta,
      ByteBuffer data,
      Signing signing,
      ByteBuffer out) {
    Objects.requireNonNull(signing, "signing");
    if (to.suite() != Suite.HYBRID) {
      throw new IllegalArgumentException("only chunks sealed to a device are signed");
    }
    return sealChunk(to, fileId, meta, data, signing, out);
  }

  /** {@code signing} is null for an unsigned chunk. */
  private SealedBlob sealChunk(
      Recipient to,
      FileId fileId,
      ChunkMeta meta,
      ByteBuffer data,
      Signing signing,
      ByteBuffer out) {
    Suite suite = to.suite();
    if (suite.singleBlob() && meta.count() != 1) {
      throw new EnvelopeException(Reason.TOO_LARGE, "a drop holds a single blob");
    }
    if (out.remaining() < Blob.SIZE) {
      throw new IllegalArgumentException("the output buffer has room for less than one blob");
    }
    byte[] metaBytes = meta.encode();
    int signatureBlock =
        signing == null ? 0 : SignatureBlock.length(signing.namespace(), signing.deviceId());
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
    int flags = signing == null ? 0 : BlobHeader.FLAG_SIGNED;
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
      if (signing != null) {
        // after encapsulation: the header, with ct_kem and E, is final and signed
        byte[] message =
            SignatureBlock.message(
                signing.namespace(),
                signing.deviceId(),
                signing.recipientBinding(),
                signing.signedAtMillis(),
                Digests.sha256(headerBytes),
                Digests.sha256(out.slice(bodyStart, bodyLength)));
        byte[] signature = signing.keys().privateKeys().sign(message, random);
        new SignatureBlock(
                signature, signing.namespace(), signing.deviceId(), signing.signedAtMillis())
            .write(out, plaintextStart);
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
   * @param senders the receiver's namespace and device id and the verified keys of its namespace's
   *     devices; a signed blob is verified against them before anything is returned
   * @throws EnvelopeException with the reason of the first check that failed, in this order:
   *     length, magic, suite, {@link Reason#CREDENTIAL_MISMATCH}, header fields, key validity,
   *     {@link Reason#AUTHENTICATION_FAILED} (or {@link Reason#WRONG_PASSWORD}), then (signed
   *     blobs) the signature, then plaintext framing
   * @throws SenderSignatureException for a signed blob whose signature block is malformed ({@code
   *     BAD_SIGNATURE}), whose signer is from another namespace ({@code WRONG_NAMESPACE}) or not
   *     proven ({@code UNKNOWN_SIGNER}), or whose signature does not verify over this device's
   *     binding ({@code NOT_FOR_ME} if it verifies over another device's of the namespace, else
   *     {@code BAD_SIGNATURE})
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
    VerifiedSender sender = null;
    long signedAtMillis = 0;
    if (header.signed()) {
      SignatureBlock block = SignatureBlock.read(plaintext);
      int bodyAt = block.length();
      body = plaintext.slice(bodyAt, plaintext.limit() - bodyAt);
      sender = verify(block, header.encoded(), body, senders);
      signedAtMillis = block.signedAtMillis();
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
    return new OpenedChunk(
        header, meta, body.slice(dataAt, body.limit() - dataAt), sender, signedAtMillis);
  }

  /**
   * The checks of a signed chunk, in order: the signer is from the receiver's namespace, its keys
   * are proven ({@link SenderDirectory#resolve}), and the signature verifies over the receiver's
   * own binding. A signature that fails is tried over the bindings of the namespace's other known
   * devices (at most {@value #MAX_OTHER_RECIPIENTS}), only to say that the chunk was meant for
   * another device; either way it is refused.
   */
  private static VerifiedSender verify(
      SignatureBlock block, byte[] header, ByteBuffer rest, SenderDirectory senders) {
    String namespace = senders.namespace();
    if (!block.namespace().equals(namespace)) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.WRONG_NAMESPACE,
          "signed by " + block.signer() + ", this device is in " + namespace);
    }
    VerifiedSender sender = senders.resolve(block.deviceId());
    byte[] headerSha256 = Digests.sha256(header);
    byte[] restSha256 = Digests.sha256(rest);
    byte[] mlDsa =
        sender
            .keys()
            .mlDsa()
            .orElseThrow(
                () ->
                    new SenderSignatureException(
                        SenderSignatureException.Reason.UNKNOWN_SIGNER,
                        block.signer() + " registered no ML-DSA-65 key"));
    String own = senders.deviceId();
    if (block.verifies(
        mlDsa, block.message(DeviceBinding.of(namespace, own), headerSha256, restSha256))) {
      return sender;
    }
    int tried = 0;
    for (String other : senders.deviceIds()) {
      if (other.equals(own) || !DeviceIds.isValid(other)) {
        continue;
      }
      if (++tried > MAX_OTHER_RECIPIENTS) {
        break;
      }
      if (block.verifies(
          mlDsa, block.message(DeviceBinding.of(namespace, other), headerSha256, restSha256))) {
        throw new SenderSignatureException(
            SenderSignatureException.Reason.NOT_FOR_ME,
            "signed by " + block.signer() + " for " + namespace + "/" + other + ", not " + own);
      }
    }
    throw new SenderSignatureException(
        SenderSignatureException.Reason.BAD_SIGNATURE, "claimed signer " + block.signer());
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
