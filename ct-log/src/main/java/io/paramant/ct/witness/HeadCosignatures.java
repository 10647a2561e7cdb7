package io.paramant.ct.witness;

import io.paramant.ct.sth.SignedTreeHead;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cosignatures a log received from its witnesses, kept per tree size: for each of the newest
 * {@value #KEPT_SIZES} sizes the root they cover and the newest cosignature of each witness. A
 * served head carries exactly the cosignatures of its own size and root (a cosignature covers the
 * size and root, not the head's timestamp, so every re-signed head of that size carries them).
 * Callers add only cosignatures they verified. Thread-safe.
 */
public final class HeadCosignatures {

  /** How many tree sizes are remembered; older ones are forgotten. */
  public static final int KEPT_SIZES = 16;

  private record Covered(byte[] root, Map<String, Cosignature> byWitness) {}

  private final TreeMap<Long, Covered> bySize = new TreeMap<>();

  /** Keeps {@code cosignature} of {@code head}, replacing an older one of the same witness. */
  public synchronized void add(SignedTreeHead head, Cosignature cosignature) {
    Covered covered = bySize.get(head.treeSize());
    if (covered == null || !MessageDigest.isEqual(covered.root(), head.rootHash())) {
      covered = new Covered(head.rootHash(), new TreeMap<>());
      bySize.put(head.treeSize(), covered);
    }
    Cosignature kept = covered.byWitness().get(cosignature.witnessKeyId());
    if (kept == null || kept.cosignedAtMillis() < cosignature.cosignedAtMillis()) {
      covered.byWitness().put(cosignature.witnessKeyId(), cosignature);
    }
    while (bySize.size() > KEPT_SIZES) {
      bySize.pollFirstEntry();
    }
  }

  /** The cosignatures of {@code head}'s size and root, by witness key id. */
  public synchronized List<Cosignature> of(SignedTreeHead head) {
    Covered covered = bySize.get(head.treeSize());
    if (covered == null || !MessageDigest.isEqual(covered.root(), head.rootHash())) {
      return List.of();
    }
    return covered.byWitness().values().stream()
        .sorted(Comparator.comparing(Cosignature::witnessKeyId))
        .toList();
  }
}
