package io.paramant.ct.witness;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paramant.ct.sth.SignedTreeHead;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * A witness's cosignature of a log's tree head (PROTOCOL.md, "Witness cosignatures"): ML-DSA-65 by
 * the witness's identity key over {@link #signedMessage}. Stand-in after the lead's contract, for
 * the SDK to build against until helper "witness"'s class is merged (that one wins a conflict).
 *
 * @param witnessKeyId lowercase hex SHA3-256 of the witness's public key
 * @param witnessUrl the witness's base URL, as the log serves it (informational)
 * @param cosignedAtMillis when the witness cosigned, ms since the epoch
 */
public record Cosignature(
    String witnessKeyId, String witnessUrl, long cosignedAtMillis, byte[] signature) {

  private static final byte[] LABEL = "paramant/ct/cosign/v1".getBytes(US_ASCII);

  public Cosignature {
    Objects.requireNonNull(witnessKeyId, "witnessKeyId");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * {@code "paramant/ct/cosign/v1" || u8 len(origin) || origin || log key_id (32) || tree_size u64
   * || root (32) || cosigned_at_ms u64}.
   */
  public static byte[] signedMessage(
      String origin, byte[] logKeyId, long treeSize, byte[] root, long cosignedAtMillis) {
    byte[] name = origin.getBytes(US_ASCII);
    if (name.length > 255 || logKeyId.length != 32 || root.length != 32) {
      throw new IllegalArgumentException("an origin of at most 255 bytes, 32-byte key id and root");
    }
    return ByteBuffer.allocate(LABEL.length + 1 + name.length + 32 + 8 + 32 + 8)
        .put(LABEL)
        .put((byte) name.length)
        .put(name)
        .put(logKeyId)
        .putLong(treeSize)
        .put(root)
        .putLong(cosignedAtMillis)
        .array();
  }

  /**
   * Checks that the witness with {@code witnessPublicKey} cosigned {@code head} of the log at
   * {@code origin} at {@link #cosignedAtMillis()}.
   *
   * @throws InvalidCosignatureException if it did not
   */
  public void verify(byte[] witnessPublicKey, String origin, SignedTreeHead head) {
    if (!SignedTreeHead.keyId(witnessPublicKey).equals(witnessKeyId)) {
      throw new InvalidCosignatureException("the cosignature names another witness key");
    }
    MLDSAPublicKeyParameters key;
    try {
      key = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, witnessPublicKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidCosignatureException("not an ML-DSA-65 public key");
    }
    byte[] message =
        signedMessage(
            origin,
            HexFormat.of().parseHex(head.keyId()),
            head.treeSize(),
            head.rootHash(),
            cosignedAtMillis);
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new InvalidCosignatureException(
          "the cosignature of witness " + witnessKeyId + " does not verify");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cosignature c
        && witnessKeyId.equals(c.witnessKeyId)
        && Objects.equals(witnessUrl, c.witnessUrl)
        && cosignedAtMillis == c.cosignedAtMillis
        && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(witnessKeyId, witnessUrl, cosignedAtMillis, Arrays.hashCode(signature));
  }
}
