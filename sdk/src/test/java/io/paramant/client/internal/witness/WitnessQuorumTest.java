package io.paramant.client.internal.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.LogVerificationException;
import io.paramant.client.WitnessCosignature;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.ServedHead;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quorum rule on its own, with real ML-DSA-65 keys: a compromised log that cosigns its own fork
 * with its identity key gets nothing counted, even for a client that listed the log among its
 * witnesses (every sector of a deployment, the one it asks included).
 */
class WitnessQuorumTest {

  private static final String ORIGIN = "http://127.0.0.1:3000";

  @TempDir Path temp;

  @Test
  void the_logs_own_key_configured_as_a_witness_never_counts_towards_the_quorum() {
    RelayIdentity log = RelayIdentity.loadOrCreate(temp.resolve("log.key"));
    RelayIdentity sibling = RelayIdentity.loadOrCreate(temp.resolve("sibling.key"));
    long now = System.currentTimeMillis();
    SignedTreeHead head = log.sign(7, now, new byte[32]);
    PinnedWitness itself = pinned("http://127.0.0.1:3000", log);
    PinnedWitness other = pinned("http://127.0.0.1:3004", sibling);
    ServedHead selfCosigned =
        new ServedHead(
            head, log.publicKey(), ORIGIN, List.of(log.cosign(ORIGIN, ORIGIN, head, now)));

    LogVerificationException refused =
        assertThrows(
            LogVerificationException.class,
            () ->
                WitnessQuorum.check(
                    List.of(itself, other), 1, ORIGIN, selfCosigned, Instant.ofEpochMilli(now)));

    assertEquals(LogVerificationException.Reason.WITNESS_QUORUM, refused.reason());
    assertTrue(
        refused.getMessage().contains("the log's own key, not a witness of it"),
        refused.getMessage());
    // the same head with the sibling's cosignature as well: only the sibling's counts
    ServedHead alsoWitnessed =
        new ServedHead(
            head,
            log.publicKey(),
            ORIGIN,
            List.of(
                log.cosign(ORIGIN, ORIGIN, head, now),
                sibling.cosign("http://127.0.0.1:3004", ORIGIN, head, now)));
    List<WitnessCosignature> counted =
        WitnessQuorum.check(
            List.of(itself, other), 1, ORIGIN, alsoWitnessed, Instant.ofEpochMilli(now));
    assertEquals(
        List.of(sibling.keyId()), counted.stream().map(WitnessCosignature::keyId).toList());
    assertThrows(
        LogVerificationException.class,
        () ->
            WitnessQuorum.check(
                List.of(itself, other), 2, ORIGIN, alsoWitnessed, Instant.ofEpochMilli(now)));
  }

  private static PinnedWitness pinned(String url, RelayIdentity identity) {
    return new PinnedWitness(
        RelayAddress.of(URI.create(url)), identity.keyId(), identity.publicKey());
  }
}
