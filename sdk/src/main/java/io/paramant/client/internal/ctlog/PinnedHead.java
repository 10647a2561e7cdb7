package io.paramant.client.internal.ctlog;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the client keeps per relay: the relay's pinned ML-DSA-65 public key and the newest tree head
 * it verified with that key. Made only from a head that verified; the key is copied in and out.
 *
 * @throws IllegalArgumentException if the head names another key than {@code publicKey}
 */
public record PinnedHead(RelayAddress relay, byte[] publicKey, SignedTreeHead head) {

  public PinnedHead {
    Objects.requireNonNull(relay, "relay");
    Objects.requireNonNull(head, "head");
    publicKey = publicKey.clone();
    if (!SignedTreeHead.keyId(publicKey).equals(head.keyId())) {
      throw new IllegalArgumentException("the head names another key than the pinned one");
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The pinned key's id: the lowercase hex SHA3-256 of {@link #publicKey()}. */
  public String keyId() {
    return head.keyId();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PinnedHead pinned
        && relay.equals(pinned.relay)
        && Arrays.equals(publicKey, pinned.publicKey)
        && head.equals(pinned.head);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relay, Arrays.hashCode(publicKey), head);
  }

  @Override
  public String toString() {
    return "PinnedHead[" + relay + ", " + head + "]";
  }
}
