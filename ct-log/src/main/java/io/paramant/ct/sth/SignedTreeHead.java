package io.paramant.ct.sth;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * A signed tree head (STH): the relay's ML-DSA-65 signature over a tree size, a timestamp and the
 * root of the log at that size. The signature covers exactly
 *
 * <pre>
 * "paramant/ct/sth/v1" (18 ASCII bytes) || tree_size u64 || timestamp_ms u64 || root_hash (32 bytes)
 * </pre>
 *
 * with big-endian integers. The leading label separates these signatures from anything else the
 * same key might ever sign. Immutable: the byte arrays are copied in and out.
 *
 * @param timestampMillis when the relay signed, in milliseconds since the epoch
 * @param keyId {@link #keyId(byte[])} of the signing key
 */
public record SignedTreeHead(
    long treeSize, long timestampMillis, byte[] rootHash, byte[] signature, String keyId) {

  /** The signature algorithm, as the API names it. */
  public static final String ALGORITHM = "ML-DSA-65";

  public static final int ROOT_HASH_LENGTH = 32;

  private static final byte[] LABEL = "paramant/ct/sth/v1".getBytes(US_ASCII);

  public SignedTreeHead {
    rootHash = rootHash.clone();
    signature = signature.clone();
    Objects.requireNonNull(keyId, "keyId");
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The bytes an STH signature covers.
   *
   * @throws IllegalArgumentException if the root is not 32 bytes
   */
  public static byte[] signedMessage(long treeSize, long timestampMillis, byte[] rootHash) {
    if (rootHash.length != ROOT_HASH_LENGTH) {
      throw new IllegalArgumentException("a root hash has 32 bytes, not " + rootHash.length);
    }
    return ByteBuffer.allocate(LABEL.length + 2 * Long.BYTES + ROOT_HASH_LENGTH)
        .put(LABEL)
        .putLong(treeSize)
        .putLong(timestampMillis)
        .put(rootHash)
        .array();
  }

  /** The key id of an ML-DSA-65 public key: the lowercase hex SHA3-256 of its encoding. */
  public static String keyId(byte[] publicKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA3-256").digest(publicKey));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA3-256", e);
    }
  }

  /**
   * Checks that this tree head was signed by {@code publicKey}.
   *
   * @param publicKey the relay's ML-DSA-65 public key (1952 bytes), as pinned by the client
   * @throws InvalidTreeHeadException if it was not, or if its fields cannot have been signed
   */
  public void verify(byte[] publicKey) {
    String expectedKeyId = keyId(publicKey);
    if (!expectedKeyId.equals(keyId)) {
      throw new InvalidTreeHeadException(
          "the tree head names key " + keyId + ", not the given key " + expectedKeyId);
    }
    if (treeSize < 0 || timestampMillis < 0 || rootHash.length != ROOT_HASH_LENGTH) {
      throw new InvalidTreeHeadException(
          "a tree head has a non-negative size and time and a 32-byte root");
    }
    MLDSAPublicKeyParameters key;
    try {
      key = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidTreeHeadException(
          "not an ML-DSA-65 public key: " + publicKey.length + " bytes");
    }
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, key);
    byte[] message = signedMessage(treeSize, timestampMillis, rootHash);
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new InvalidTreeHeadException(
          "the signature of the tree head of size " + treeSize + " does not verify");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedTreeHead head
        && treeSize == head.treeSize
        && timestampMillis == head.timestampMillis
        && Arrays.equals(rootHash, head.rootHash)
        && Arrays.equals(signature, head.signature)
        && keyId.equals(head.keyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(treeSize, timestampMillis, Arrays.hashCode(rootHash), keyId);
  }

  @Override
  public String toString() {
    return "SignedTreeHead[treeSize="
        + treeSize
        + ", timestampMillis="
        + timestampMillis
        + ", rootHash="
        + HexFormat.of().formatHex(rootHash)
        + ", keyId="
        + keyId
        + "]";
  }
}
