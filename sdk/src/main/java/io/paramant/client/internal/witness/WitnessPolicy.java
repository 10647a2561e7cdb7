package io.paramant.client.internal.witness;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.WitnessCosignature;
import io.paramant.client.internal.ctlog.ServedHead;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client requires of the witnesses of every tree head it relies on: the configured witnesses
 * (keys pinned by {@link WitnessKeys}), the quorum and the origin ({@link WitnessQuorum}). Without
 * witnesses nothing is required: such a client keeps its own view of the log consistent, but cannot
 * tell whether the relay shows other clients another log (no split-view defence; docs/security.md).
 * Thread-safe.
 */
public final class WitnessPolicy {

  private static final WitnessPolicy NONE =
      new WitnessPolicy(List.of(), 0, null, null, InstantSource.system());

  private final List<WitnessKeys.Configured> witnesses;
  private final int quorum;
  private final WitnessKeys keys;
  private final String origin;
  private final InstantSource clock;

  /**
   * @param quorum at least 1 and at most the number of witnesses
   * @param origin the origin the log must serve and the witnesses must have cosigned
   * @throws IllegalArgumentException if the quorum cannot be met or is not positive
   */
  public WitnessPolicy(
      List<WitnessKeys.Configured> witnesses,
      int quorum,
      WitnessKeys keys,
      String origin,
      InstantSource clock) {
    this.witnesses = List.copyOf(witnesses);
    if (!this.witnesses.isEmpty() && (quorum < 1 || quorum > this.witnesses.size())) {
      throw new IllegalArgumentException(
          "the witness quorum is from 1 to the number of witnesses (" + witnesses.size() + ")");
    }
    this.quorum = quorum;
    this.keys = keys;
    this.origin = origin;
    this.clock = clock;
  }

  /** The policy of a client without witnesses. */
  public static WitnessPolicy none() {
    return NONE;
  }

  public boolean hasWitnesses() {
    return !witnesses.isEmpty();
  }

  /**
   * Checks the cosignatures of a head the client is about to rely on.
   *
   * @return the cosignatures counted; empty without witnesses
   * @throws LogVerificationException {@code WITNESS_QUORUM}, {@code STALE_HEAD}, {@code
   *     WITNESS_KEY_CHANGED}, or {@code MALFORMED_RESPONSE} for a witness's key document
   */
  public List<WitnessCosignature> check(ServedHead served) {
    if (witnesses.isEmpty()) {
      return List.of();
    }
    List<PinnedWitness> pinned = new ArrayList<>();
    for (WitnessKeys.Configured witness : witnesses) {
      try {
        pinned.add(keys.pinned(witness));
      } catch (RelayRequestException e) {
        // a witness whose key cannot be had yet cannot count; the quorum decides
      }
    }
    return WitnessQuorum.check(pinned, quorum, origin, served, clock.instant());
  }
}
