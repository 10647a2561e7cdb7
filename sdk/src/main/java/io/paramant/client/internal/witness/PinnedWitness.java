package io.paramant.client.internal.witness;

import io.paramant.client.internal.ctlog.RelayAddress;
import java.util.Objects;

/**
 * A witness whose key the client pinned: its base URL as configured, the key id and the ML-DSA-65
 * public key (copied in and out).
 */
public record PinnedWitness(RelayAddress url, String keyId, byte[] publicKey) {

  public PinnedWitness {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(keyId, "keyId");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PinnedWitness w
        && url.equals(w.url)
        && keyId.equals(w.keyId)
        && java.util.Arrays.equals(publicKey, w.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, keyId, java.util.Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return "PinnedWitness[" + url + ", " + keyId + "]";
  }
}
