package io.paramant.ct.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashing rule of RFC 9162 §2.1.1 over a hash function chosen by name: {@code leaf_hash =
 * H(0x00 || leaf)}, {@code node = H(0x01 || left || right)}, and the empty tree hashes to {@code
 * H()}. The log uses {@link #SHA3_256}; {@link #SHA_256} is the RFC 6962 instantiation that the
 * published test vectors are computed with.
 *
 * <p>Thread-safe: a {@link MessageDigest} is stateful, so every thread gets its own instance.
 */
public final class TreeHasher {

  /** The hash of the Paramant transparency log. */
  public static final TreeHasher SHA3_256 = new TreeHasher("SHA3-256");

  /** The hash of RFC 6962 Certificate Transparency, used by the published test vectors. */
  public static final TreeHasher SHA_256 = new TreeHasher("SHA-256");

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final String algorithm;
  private final int hashLength;
  private final ThreadLocal<MessageDigest> digests;

  /**
   * @param algorithm a JDK {@link MessageDigest} algorithm name, e.g. {@code "SHA3-256"}
   * @throws IllegalArgumentException if the JDK has no such algorithm
   */
  public TreeHasher(String algorithm) {
    this.algorithm = algorithm;
    this.hashLength = newDigest(algorithm).getDigestLength();
    this.digests = ThreadLocal.withInitial(() -> newDigest(algorithm));
  }

  /** Length in bytes of every hash this hasher produces. */
  public int hashLength() {
    return hashLength;
  }

  /** The root of the tree of size 0: the hash of the empty string. */
  public byte[] emptyRoot() {
    return digests.get().digest();
  }

  /** {@code H(0x00 || leaf)}. */
  public byte[] hashLeaf(byte[] leaf) {
    MessageDigest digest = digests.get();
    digest.update(LEAF_PREFIX);
    return digest.digest(leaf);
  }

  /** {@code H(0x01 || left || right)}. */
  public byte[] hashChildren(byte[] left, byte[] right) {
    MessageDigest digest = digests.get();
    digest.update(NODE_PREFIX);
    digest.update(left);
    return digest.digest(right);
  }

  /**
   * {@code H(0x00 || leaf)} into {@code out} at {@code outOffset}: the tree's append path, which
   * must not allocate per leaf.
   */
  void hashLeaf(byte[] leaf, byte[] out, int outOffset) {
    MessageDigest digest = digests.get();
    digest.update(LEAF_PREFIX);
    digest.update(leaf);
    finish(digest, out, outOffset);
  }

  /**
   * {@code H(0x01 || left || right)} where both children are read in place from the tree's hash
   * chunks. {@code out} may be one of the inputs: the inputs are consumed before it is written.
   */
  void hashChildren(
      byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
    MessageDigest digest = digests.get();
    digest.update(NODE_PREFIX);
    digest.update(left, leftOffset, hashLength);
    digest.update(right, rightOffset, hashLength);
    finish(digest, out, outOffset);
  }

  private void finish(MessageDigest digest, byte[] out, int outOffset) {
    try {
      digest.digest(out, outOffset, hashLength);
    } catch (DigestException e) {
      throw new IllegalStateException(
          algorithm + " could not write a " + hashLength + "-byte hash", e);
    }
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("no hash function " + algorithm + " in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "TreeHasher[" + algorithm + "]";
  }
}
