package io.paramant.ct.witness;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.Objects;

/**
 * A log a witness watches, as its operator configured it: the log's origin and its ML-DSA-65 public
 * key. Never taken from a request: a witness that learnt the key from the head it is asked to
 * cosign would cosign anything.
 */
public record WitnessedLog(String origin, byte[] publicKey) {

  /**
   * @throws IllegalArgumentException if the origin breaks the origin rule or the key is not an
   *     ML-DSA-65 public key's length
   */
  public WitnessedLog {
    Cosignature.origin(origin);
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != 1952) {
      throw new IllegalArgumentException(
          "the log " + origin + " needs an ML-DSA-65 public key (1952 bytes)");
    }
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@link SignedTreeHead#keyId(byte[])} of the log's key. */
  public String keyId() {
    return SignedTreeHead.keyId(publicKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WitnessedLog log
        && origin.equals(log.origin)
        && java.util.Arrays.equals(publicKey, log.publicKey);
  }

  @Override
  public int hashCode() {
    return origin.hashCode();
  }

  @Override
  public String toString() {
    return "WitnessedLog[origin=" + origin + ", keyId=" + keyId() + "]";
  }
}
