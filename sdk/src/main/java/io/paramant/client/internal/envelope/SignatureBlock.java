package io.paramant.client.internal.envelope;

import io.paramant.accounts.DeviceIds;
import io.paramant.accounts.DeviceNamespace;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.SenderSignatureException.Reason;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.keys.PrivateKeys;
import io.paramant.ct.entry.DeviceBinding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The sender signature at the start of a signed chunk's plaintext (flag bit 0; PROTOCOL.md, "Sender
 * signature"):
 *
 * <pre>
 * sig_len u16 (= 3309) | ML-DSA-65 signature | ns_len u8 | sender namespace | id_len u8 | sender device id | signed_at_ms u64
 * </pre>
 *
 * followed by the unsigned chunk plaintext ({@code meta_len u32 | meta | data}, "the rest"). The
 * signature (ML-DSA-65, pure mode, empty context, hedged) covers
 *
 * <pre>
 * "paramant/ghost-pipe/v1/sig" || ns_len || ns || id_len || id || recipient binding (32)
 *     || signed_at_ms u64 || SHA-256(header) || SHA-256(rest)
 * </pre>
 *
 * where the recipient binding is {@code DeviceBinding.of(recipient namespace, recipient device
 * id)}. The header hash binds the chunk to its encapsulation ({@code ct_kem}, {@code E}: it cannot
 * be re-encrypted to another device and still verify), its file and its position; the binding names
 * the device it was meant for. Namespace and device id must follow their rules ({@link
 * DeviceNamespace}, {@link DeviceIds}); a block that breaks any length or rule is a bad signature.
 */
record SignatureBlock(byte[] signature, String namespace, String deviceId, long signedAtMillis) {

  static final byte[] DOMAIN = "paramant/ghost-pipe/v1/sig".getBytes(StandardCharsets.US_ASCII);
  static final int SIGNATURE_LENGTH = PrivateKeys.ML_DSA_65_SIGNATURE_LENGTH;

  /** The bytes of the block of a signer with these names. */
  static int length(String namespace, String deviceId) {
    return Short.BYTES
        + SIGNATURE_LENGTH
        + 1
        + namespace.length()
        + 1
        + deviceId.length()
        + Long.BYTES;
  }

  int length() {
    return length(namespace, deviceId);
  }

  /** {@code namespace/device}. */
  String signer() {
    return namespace + "/" + deviceId;
  }

  /** Writes the block at {@code at} of {@code out} (absolute; the position is not moved). */
  void write(ByteBuffer out, int at) {
    byte[] ns = namespace.getBytes(StandardCharsets.US_ASCII);
    byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
    int p = at;
    out.putShort(p, (short) signature.length);
    p += Short.BYTES;
    out.put(p, signature);
    p += signature.length;
    out.put(p++, (byte) ns.length);
    out.put(p, ns);
    p += ns.length;
    out.put(p++, (byte) id.length);
    out.put(p, id);
    p += id.length;
    out.putLong(p, signedAtMillis);
  }

  /**
   * Reads the block at the start of an authenticated plaintext.
   *
   * @throws SenderSignatureException {@code BAD_SIGNATURE} if it is truncated, has another
   *     signature length, or names a signer that breaks the namespace or device-id rule
   */
  static SignatureBlock read(ByteBuffer plaintext) {
    int limit = plaintext.limit();
    if (limit < Short.BYTES) {
      throw malformed("no sig_len");
    }
    int signatureLength = Short.toUnsignedInt(plaintext.getShort(0));
    if (signatureLength != SIGNATURE_LENGTH) {
      throw malformed("sig_len " + signatureLength + ", an ML-DSA-65 signature is 3309 bytes");
    }
    int p = Short.BYTES;
    if (p + signatureLength + 1 > limit) {
      throw malformed("truncated signature");
    }
    byte[] signature = new byte[signatureLength];
    plaintext.get(p, signature);
    p += signatureLength;
    byte[] ns = field(plaintext, p, "namespace");
    p += 1 + ns.length;
    byte[] id = field(plaintext, p, "device id");
    p += 1 + id.length;
    if (p + Long.BYTES > limit) {
      throw malformed("no signed_at_ms");
    }
    long signedAt = plaintext.getLong(p);
    String namespace = new String(ns, StandardCharsets.US_ASCII);
    String deviceId = new String(id, StandardCharsets.US_ASCII);
    if (!DeviceNamespace.isValid(namespace) || !DeviceIds.isValid(deviceId)) {
      throw malformed("the signer's namespace or device id breaks its rule");
    }
    return new SignatureBlock(signature, namespace, deviceId, signedAt);
  }

  /** The signed message for this block's signer (see the class notes). */
  byte[] message(byte[] recipientBinding, byte[] headerSha256, byte[] restSha256) {
    return message(namespace, deviceId, recipientBinding, signedAtMillis, headerSha256, restSha256);
  }

  static byte[] message(
      String namespace,
      String deviceId,
      byte[] recipientBinding,
      long signedAtMillis,
      byte[] headerSha256,
      byte[] restSha256) {
    byte[] ns = namespace.getBytes(StandardCharsets.US_ASCII);
    byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(
            DOMAIN.length
                + 2
                + ns.length
                + id.length
                + DeviceBinding.LENGTH
                + Long.BYTES
                + 2 * Digests.SHA256_LENGTH)
        .put(DOMAIN)
        .put((byte) ns.length)
        .put(ns)
        .put((byte) id.length)
        .put(id)
        .put(recipientBinding)
        .putLong(signedAtMillis)
        .put(headerSha256)
        .put(restSha256)
        .array();
  }

  /** Whether the signature verifies over {@code message} with the ML-DSA-65 public key. */
  boolean verifies(byte[] mlDsaPublicKey, byte[] message) {
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, mlDsaPublicKey));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static byte[] field(ByteBuffer plaintext, int at, String name) {
    if (at + 1 > plaintext.limit()) {
      throw malformed("no " + name + " length");
    }
    int length = Byte.toUnsignedInt(plaintext.get(at));
    if (at + 1 + length > plaintext.limit()) {
      throw malformed(name + " overruns the plaintext");
    }
    byte[] bytes = new byte[length];
    plaintext.get(at + 1, bytes);
    return bytes;
  }

  private static SenderSignatureException malformed(String detail) {
    return new SenderSignatureException(
        Reason.BAD_SIGNATURE, "malformed signature block: " + detail);
  }
}
