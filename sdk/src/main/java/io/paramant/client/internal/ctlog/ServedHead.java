package io.paramant.client.internal.ctlog;

import io.paramant.ct.sth.SignedTreeHead;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tree head as a relay served it, with the public key it served beside it: nothing about it is
 * verified yet ({@link LogAudit#acceptHead} does that). The key is copied in and out.
 */
public record ServedHead(SignedTreeHead head, byte[] publicKey) {

  public ServedHead {
    Objects.requireNonNull(head, "head");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServedHead served
        && head.equals(served.head)
        && Arrays.equals(publicKey, served.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * head.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "ServedHead[" + head + "]";
  }
}
