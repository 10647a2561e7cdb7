package io.paramant.client.internal.witness;

import static io.paramant.client.LogVerificationException.Reason.STALE_HEAD;
import static io.paramant.client.LogVerificationException.Reason.WITNESS_QUORUM;

import io.paramant.client.LogVerificationException;
import io.paramant.client.WitnessCosignature;
import io.paramant.client.internal.ctlog.ServedHead;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.ct.witness.InvalidCosignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's witness rule (PROTOCOL.md, "Witness cosignatures"), free of I/O: a tree head the
 * client relies on must carry at least {@code quorum} cosignatures that
 *
 * <ul>
 *   <li>are made by the pinned keys of distinct witnesses (a cosignature is matched to a pinned
 *       witness by its key id; a second one of the same key counts once; unknown keys not at all;
 *       the log's own key never, even when it is configured as a witness);
 *   <li>verify over exactly this head (log key id, size, root) and the origin the client expects
 *       for the log (its relay URL without the trailing slash, or the origin it was configured
 *       with) — a head that names another origin gets no cosignature counted;
 *   <li>were made at most {@value #MAX_AGE_MINUTES} minutes before the check and not more than
 *       {@value #SKEW_SECONDS} seconds after it (clock skew).
 * </ul>
 *
 * Failing that, the head is refused with {@code STALE_HEAD} if enough cosignatures verified but too
 * few are fresh (an old head replayed, or witnesses that stopped cosigning), else with {@code
 * WITNESS_QUORUM}. Only cosignatures of pinned witnesses are verified, one per witness, so a relay
 * cannot make the client verify more signatures than it pinned witnesses.
 */
public final class WitnessQuorum {

  static final int MAX_AGE_MINUTES = 10;
  static final int SKEW_SECONDS = 60;
  private static final Duration MAX_AGE = Duration.ofMinutes(MAX_AGE_MINUTES);
  private static final Duration SKEW = Duration.ofSeconds(SKEW_SECONDS);

  private WitnessQuorum() {}

  /**
   * @param witnesses the pinned witnesses
   * @param quorum how many distinct witnesses must have cosigned freshly (at least 1)
   * @param origin the origin the client expects the log to serve and the witnesses to cosign
   * @param now the time of the check
   * @return the cosignatures counted, one per witness, in the order served
   * @throws LogVerificationException {@code WITNESS_QUORUM} or {@code STALE_HEAD}
   */
  public static List<WitnessCosignature> check(
      List<PinnedWitness> witnesses, int quorum, String origin, ServedHead served, Instant now) {
    SignedTreeHead head = served.head();
    String what = "the tree head of size " + head.treeSize() + " (log key " + head.keyId() + ")";
    if (served.origin() == null || !served.origin().equals(origin)) {
      throw new LogVerificationException(
          WITNESS_QUORUM,
          what
              + " names origin "
              + (served.origin() == null ? "(none)" : RelayHttp.printable(served.origin()))
              + ", not "
              + origin
              + ", so no cosignature over it counts; if the relay's public URL differs from the"
              + " URL used here, configure the log origin");
    }
    Map<String, PinnedWitness> byKey = new LinkedHashMap<>();
    for (PinnedWitness witness : witnesses) {
      byKey.putIfAbsent(witness.keyId(), witness);
    }
    Map<String, WitnessCosignature> fresh = new LinkedHashMap<>();
    Map<String, Long> stale = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Cosignature cosignature : served.cosignatures()) {
      PinnedWitness witness = byKey.get(cosignature.witnessKeyId());
      if (witness == null) {
        continue; // not a witness this client pinned: it proves nothing to it
      }
      if (fresh.containsKey(witness.keyId()) || stale.containsKey(witness.keyId())) {
        continue; // a witness counts once
      }
      if (witness.keyId().equals(head.keyId())) {
        // the log's own key, configured as a witness (e.g. every sector of a deployment listed,
        // the one asked included): a log vouching for its own head proves nothing
        problems.add(witness.url() + ": the log's own key, not a witness of it");
        continue;
      }
      try {
        cosignature.verify(witness.publicKey(), origin, head);
      } catch (InvalidCosignatureException | IllegalArgumentException e) {
        problems.add(witness.url() + ": invalid cosignature");
        continue;
      }
      Instant at = Instant.ofEpochMilli(cosignature.cosignedAtMillis());
      if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(SKEW))) {
        stale.put(witness.keyId(), cosignature.cosignedAtMillis());
        problems.add(witness.url() + ": cosigned at " + at + ", not within the last 10 minutes");
        continue;
      }
      fresh.put(witness.keyId(), new WitnessCosignature(witness.url().uri(), witness.keyId(), at));
    }
    if (fresh.size() >= quorum) {
      return List.copyOf(fresh.values());
    }
    String detail =
        what
            + " has "
            + fresh.size()
            + " fresh valid cosignature(s) of distinct pinned witnesses, "
            + quorum
            + " required"
            + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
    throw new LogVerificationException(
        fresh.size() + stale.size() >= quorum ? STALE_HEAD : WITNESS_QUORUM, detail);
  }
}
