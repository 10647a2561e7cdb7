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
 * A witness's ML-DSA-65 cosignature of a log's tree head: the witness states that, at {@code
 * cosignedAtMillis}, the log of {@code origin} and key id had this root at this size and that this
 * is consistent with everything it cosigned for that log before. The signature covers exactly
 *
 * <pre>
 * "paramant/ct/cosign/v1" (21 ASCII bytes) || u8 len(origin) || origin || log key_id (32)
 *   || tree_size u64 || root (32) || cosigned_at_ms u64
 * </pre>
 *
 * with big-endian integers. It covers neither the tree head's timestamp nor its signature: every
 * head the log signs for the same size and root carries the same cosignatures. The leading label
 * differs from the tree head's ({@code "paramant/ct/sth/v1"}), so a relay's identity key can sign
 * both without one signature ever passing for the other (this is why the witness key is the relay's
 * identity key).
 *
 * <p>{@link #origin(String) Origin rule}: the log's public base URL, {@code http://} or {@code
 * https://}, printable ASCII without spaces, no trailing slash, at most 255 bytes.
 *
 * @param witnessKeyId {@link SignedTreeHead#keyId(byte[])} of the witness's public key
 * @param witnessUrl the witness's public base URL (informational: never part of the signature)
 * @param cosignedAtMillis when the witness cosigned, in milliseconds since the epoch
 */
public record Cosignature(
    String witnessKeyId, String witnessUrl, long cosignedAtMillis, byte[] signature) {

  /** The signature algorithm, as the API names it. */
  public static final String ALGORITHM = SignedTreeHead.ALGORITHM;

  /** The most bytes an origin may have (its length is one byte in the signed message). */
  public static final int MAX_ORIGIN_LENGTH = 255;

  private static final byte[] LABEL = "paramant/ct/cosign/v1".getBytes(US_ASCII);
  private static final int KEY_ID_LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  public Cosignature {
    Objects.requireNonNull(witnessKeyId, "witnessKeyId");
    Objects.requireNonNull(witnessUrl, "witnessUrl");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The bytes a cosignature covers.
   *
   * @throws IllegalArgumentException if the origin breaks the origin rule, the key id or root is
   *     not 32 bytes, or the size or time is negative
   */
  public static byte[] signedMessage(
      String origin, byte[] logKeyId, long treeSize, byte[] root, long cosignedAtMillis) {
    byte[] originBytes = origin(origin).getBytes(US_ASCII);
    if (logKeyId.length != KEY_ID_LENGTH || root.length != SignedTreeHead.ROOT_HASH_LENGTH) {
      throw new IllegalArgumentException("a log key id and a root have 32 bytes");
    }
    if (treeSize < 0 || cosignedAtMillis < 0) {
      throw new IllegalArgumentException("a tree size and a time are not negative");
    }
    return ByteBuffer.allocate(LABEL.length + 1 + originBytes.length + 32 + 8 + 32 + 8)
        .put(LABEL)
        .put((byte) originBytes.length)
        .put(originBytes)
        .put(logKeyId)
        .putLong(treeSize)
        .put(root)
        .putLong(cosignedAtMillis)
        .array();
  }

  /** The message a witness signs for {@code head} of the log {@code origin} at {@code time}. */
  public static byte[] signedMessage(String origin, SignedTreeHead head, long cosignedAtMillis) {
    return signedMessage(
        origin, logKeyId(head), head.treeSize(), head.rootHash(), cosignedAtMillis);
  }

  /**
   * Checks the origin rule and returns the origin.
   *
   * @throws IllegalArgumentException if {@code origin} breaks it
   */
  public static String origin(String origin) {
    if (!isValidOrigin(origin)) {
      throw new IllegalArgumentException(
          "a log origin is its public base URL (http:// or https://, printable ASCII, no trailing"
              + " slash, at most "
              + MAX_ORIGIN_LENGTH
              + " bytes)");
    }
    return origin;
  }

  /** Whether {@code origin} keeps the origin rule (see the class documentation). */
  public static boolean isValidOrigin(String origin) {
    if (origin == null
        || origin.length() > MAX_ORIGIN_LENGTH
        || origin.endsWith("/")
        || !(origin.startsWith("http://") || origin.startsWith("https://"))
        || origin.length() == origin.indexOf("//") + 2) {
      return false;
    }
    return origin.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /**
   * Checks that this cosignature was made by the witness key {@code witnessPublicKey} over {@code
   * head} of the log {@code origin}.
   *
   * @param witnessPublicKey the witness's ML-DSA-65 public key (1952 bytes), as the client pinned
   *     it
   * @param origin the log's origin as the client knows it (the log's URL it is talking to, or the
   *     served {@code origin} after checking it is that URL)
   * @throws InvalidCosignatureException if it was not, or if its fields cannot have been signed
   */
  public void verify(byte[] witnessPublicKey, String origin, SignedTreeHead head) {
    String expectedKeyId = SignedTreeHead.keyId(witnessPublicKey);
    if (!expectedKeyId.equals(witnessKeyId)) {
      throw new InvalidCosignatureException(
          "the cosignature names witness key "
              + witnessKeyId
              + ", not the given key "
              + expectedKeyId);
    }
    byte[] message;
    try {
      message = signedMessage(origin, head, cosignedAtMillis);
    } catch (IllegalArgumentException e) {
      throw new InvalidCosignatureException(
          "the cosignature cannot have been made: " + e.getMessage());
    }
    MLDSAPublicKeyParameters key;
    try {
      key = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, witnessPublicKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidCosignatureException(
          "not an ML-DSA-65 public key: " + witnessPublicKey.length + " bytes");
    }
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new InvalidCosignatureException(
          "the cosignature of witness "
              + witnessKeyId
              + " over the tree head of size "
              + head.treeSize()
              + " of "
              + origin
              + " does not verify");
    }
  }

  private static byte[] logKeyId(SignedTreeHead head) {
    String keyId = head.keyId();
    if (keyId.length() != 2 * KEY_ID_LENGTH) {
      throw new IllegalArgumentException("a log key id has 32 bytes");
    }
    try {
      return HEX.parseHex(keyId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a log key id is 64 hex digits");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cosignature cosignature
        && witnessKeyId.equals(cosignature.witnessKeyId)
        && witnessUrl.equals(cosignature.witnessUrl)
        && cosignedAtMillis == cosignature.cosignedAtMillis
        && Arrays.equals(signature, cosignature.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(witnessKeyId, witnessUrl, cosignedAtMillis, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "Cosignature[witnessKeyId="
        + witnessKeyId
        + ", witnessUrl="
        + witnessUrl
        + ", cosignedAtMillis="
        + cosignedAtMillis
        + "]";
  }
}
