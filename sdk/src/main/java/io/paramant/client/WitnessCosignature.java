package io.paramant.client;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A witness's cosignature that the client checked on a tree head it relied on: made by the pinned
 * key of the witness at {@code witness}, over exactly that head and the log's origin, and fresh
 * when it was checked.
 *
 * @param witness the witness's base URL as configured
 * @param keyId the witness's pinned key id (lowercase hex SHA3-256 of its ML-DSA-65 public key)
 * @param cosignedAt when the witness cosigned
 */
public record WitnessCosignature(URI witness, String keyId, Instant cosignedAt) {

  public WitnessCosignature {
    Objects.requireNonNull(witness, "witness");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(cosignedAt, "cosignedAt");
  }
}
