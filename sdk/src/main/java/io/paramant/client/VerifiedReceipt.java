package io.paramant.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A notary receipt that verified offline (docs/notary.md): the document's SHA-256 is the one
 * notarised, signed by the named device's ML-DSA-65 key, whose keys (fingerprint) and name (binding
 * of namespace and device id) are logged; both leaves are included under a tree head signed by the
 * pinned log key and cosigned by the pinned witnesses' quorum.
 *
 * <p>Time evidence: {@link #signedAt()} is the signer's claim; {@link #insertedAt()} (the relay's
 * clock) and the cosignatures' times bound it from above.
 *
 * @param documentSha256 lowercase hex
 * @param fingerprint the signer's keys' fingerprint, lowercase hex
 * @param ctIndex the {@code notary} leaf's index
 * @param pubkeyCtIndex the signer's {@code pubkey} leaf's index
 * @param treeSize the size of the tree head both leaves are proven under
 * @param logKeyId the id of the log key that signed that head
 * @param cosignatures the counted cosignatures, one per pinned witness; empty without witnesses
 */
public record VerifiedReceipt(
    String documentSha256,
    Instant signedAt,
    String namespace,
    String deviceId,
    String fingerprint,
    String sector,
    long ctIndex,
    Instant insertedAt,
    long pubkeyCtIndex,
    Instant pubkeyInsertedAt,
    long treeSize,
    String logKeyId,
    List<WitnessCosignature> cosignatures) {

  public VerifiedReceipt {
    Objects.requireNonNull(documentSha256, "documentSha256");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(deviceId, "deviceId");
    cosignatures = List.copyOf(cosignatures);
  }
}
