package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.LogVerificationException.Reason;
import io.paramant.client.testing.FakeRelay;
import io.paramant.client.testing.FakeWitness;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness quorum (PROTOCOL.md, "Witness cosignatures") against a relay in the test's JVM whose
 * heads carry cosignatures of real ML-DSA-65 witness keys ({@link FakeWitness}), and which strips,
 * forges, replays and moves them. Each test is one lie and the check that stops it; a refused head
 * is never stored.
 */
class WitnessCosignaturesTest {

  /**
   * How long a verifier that is lied to asks again for a head without its quorum before it refuses
   * it. The default (5 s, {@code LogVerifier.DEFAULT_COSIGNATURE_WAIT_SECONDS}) made each refusal
   * here take 5 s; these lies never go away, so a shorter wait refuses them for the same reason. It
   * still spans a second request (the poll is 250 ms): the refusal holds across asking again, not
   * only for the first answer. The default wait itself is exercised by the key-lookup test below (a
   * {@link GhostPipe} has no such setting) and by the tests whose heads get cosigned late.
   */
  private static final Duration LIE_WAIT = Duration.ofMillis(300);

  @TempDir Path temp;

  private FakeRelay relay;
  private FakeWitness first;
  private FakeWitness second;
  private Path state;

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    first = FakeWitness.start();
    second = FakeWitness.start();
    relay.witnessedBy(first, second);
    state = temp.resolve("client");
  }

  @AfterEach
  void stop() {
    relay.close();
    first.close();
    second.close();
  }

  @Test
  void fresh_cosignatures_of_pinned_witnesses_count_and_keys_are_pinned_from_the_witnesses() {
    VerifiedHead head = verifier(2).verify();

    assertEquals(
        List.of(first.keyId(), second.keyId()),
        head.cosignatures().stream().map(WitnessCosignature::keyId).toList());
    assertEquals(first.uri(), head.cosignatures().get(0).witness());
    assertEquals(List.of("witness-", "witness-"), pinPrefixes());
    verifier(2).verify();
    assertEquals(1, first.keyRequests(), "a pinned key is not asked for again");
  }

  @Test
  void a_key_pinned_on_first_use_is_reported_once_and_a_given_key_id_not_at_all() {
    List<String> reported = new java.util.ArrayList<>();
    java.util.function.Supplier<LogVerifier> verifier =
        () ->
            LogVerifier.forRelay(relay.uri())
                .stateDirectory(state)
                .witness(first.uri(), null)
                .witness(second.uri(), second.keyId())
                .quorum(2)
                .witnessPinned((url, keyId) -> reported.add(url + " " + keyId))
                .build();

    verifier.get().verify();
    verifier.get().verify();

    assertEquals(List.of(first.uri() + " " + first.keyId()), reported);
  }

  @Test
  void stripped_cosignatures_are_below_the_quorum_and_the_head_is_not_stored() {
    relay.editCosignatures((head, cosignatures) -> List.of());

    assertRefused(Reason.WITNESS_QUORUM, () -> refusing(1).verify());
    assertFalse(Files.exists(state.resolve("log-heads")), "a refused head is not stored");
  }

  @Test
  void a_forged_cosignature_does_not_count() {
    relay.editCosignatures(
        (head, cosignatures) -> cosignatures.stream().map(c -> forged(c)).toList());

    assertRefused(Reason.WITNESS_QUORUM, () -> refusing(1).verify());
  }

  @Test
  void cosignatures_older_than_ten_minutes_or_from_the_future_make_a_stale_head() {
    long now = System.currentTimeMillis();
    relay.editCosignatures(
        (head, cosignatures) ->
            List.of(
                first.cosign(relay.origin(), head, now - Duration.ofMinutes(11).toMillis()),
                second.cosign(relay.origin(), head, now + Duration.ofMinutes(5).toMillis())));

    assertRefused(Reason.STALE_HEAD, () -> verifier(1).verify());
  }

  @Test
  void one_witness_cosigning_twice_counts_once() {
    relay.editCosignatures(
        (head, cosignatures) ->
            List.of(
                cosignatures.get(0),
                first.cosign(relay.origin(), head, System.currentTimeMillis())));

    assertRefused(Reason.WITNESS_QUORUM, () -> refusing(2).verify());
  }

  @Test
  void a_witness_configured_twice_counts_once() {
    LogVerifier twice =
        LogVerifier.forRelay(relay.uri())
            .stateDirectory(state)
            .witness(first.uri(), null)
            .witness(first.uri(), first.keyId())
            .quorum(2)
            .cosignatureWait(LIE_WAIT)
            .build();

    assertRefused(Reason.WITNESS_QUORUM, twice::verify);
  }

  @Test
  void a_cosignature_over_another_root_does_not_count() {
    relay.editCosignatures(
        (head, cosignatures) ->
            List.of(
                first.cosign(relay.origin(), otherRoot(head), System.currentTimeMillis()),
                cosignatures.get(1)));

    assertRefused(Reason.WITNESS_QUORUM, () -> refusing(2).verify());
    verifier(1).verify(); // the genuine one of the second witness is a quorum of one
  }

  @Test
  void a_cosignature_of_a_witness_the_client_did_not_pin_does_not_count() {
    try (FakeWitness stranger = FakeWitness.start()) {
      relay.editCosignatures(
          (head, cosignatures) ->
              List.of(stranger.cosign(relay.origin(), head, System.currentTimeMillis())));
      assertRefused(Reason.WITNESS_QUORUM, () -> refusing(1).verify());
    }
  }

  @Test
  void a_head_cosigned_under_another_origin_counts_only_for_a_client_told_that_origin() {
    relay.serveOrigin("https://relay.example");

    assertRefused(Reason.WITNESS_QUORUM, () -> refusing(1).verify());
    VerifiedHead head =
        LogVerifier.forRelay(relay.uri())
            .stateDirectory(state)
            .witness(first.uri(), null)
            .origin("https://relay.example")
            .build()
            .verify();
    assertEquals(1, head.cosignatures().size());
  }

  @Test
  void a_witness_serving_another_key_than_the_given_id_is_refused_and_not_pinned() {
    LogVerifier wrong =
        LogVerifier.forRelay(relay.uri())
            .stateDirectory(state)
            .witness(first.uri(), second.keyId())
            .build();

    assertRefused(Reason.WITNESS_KEY_CHANGED, wrong::verify);
    assertEquals(List.of(), pinPrefixes());
  }

  @Test
  void a_key_id_given_later_that_is_not_the_pinned_key_is_a_hard_error() {
    verifier(1).verify();
    LogVerifier later =
        LogVerifier.forRelay(relay.uri())
            .stateDirectory(state)
            .witness(first.uri(), second.keyId())
            .build();

    LogVerificationException e = assertRefused(Reason.WITNESS_KEY_CHANGED, later::verify);
    assertTrue(e.getMessage().contains("delete " + state.resolve("pins")), e.getMessage());
  }

  @Test
  void a_key_lookup_relies_on_a_head_only_with_the_quorum_and_pins_nothing_without_it() {
    try (GhostPipe bob = pipe("bob", temp.resolve("bob"))) {
      bob.registerDevice();
    }
    relay.editCosignatures((head, cosignatures) -> cosignatures.subList(0, 1));
    try (GhostPipe alice = pipe("alice", state)) {
      assertRefused(Reason.WITNESS_QUORUM, () -> alice.deviceKeys("bob"));
    }
    assertEquals(List.of("witness-", "witness-"), pinPrefixes(), "only the witnesses' keys");

    relay.editCosignatures((head, cosignatures) -> cosignatures);
    try (GhostPipe alice = pipe("alice", state)) {
      alice.deviceKeys("bob");
    }
  }

  @Test
  void a_head_served_before_its_witnesses_cosigned_it_is_asked_for_again_and_accepted() {
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    // the newest head reaches the client twice before its witnesses' cosignatures arrive
    relay.editCosignatures(
        (head, cosignatures) -> served.getAndIncrement() < 2 ? List.of() : cosignatures);

    VerifiedHead head = verifier(2).verify();

    assertEquals(2, head.cosignatures().size());
    assertTrue(served.get() >= 3, "asked again: " + served);
  }

  @Test
  void a_key_lookup_whose_head_is_not_cosigned_yet_is_accepted_once_a_cosigned_head_extends_it() {
    try (GhostPipe bob = pipe("bob", temp.resolve("bob"))) {
      bob.registerDevice();
    }
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    relay.editCosignatures(
        (head, cosignatures) -> served.getAndIncrement() < 2 ? List.of() : cosignatures);

    try (GhostPipe alice = pipe("alice", state)) {
      alice.deviceKeys("bob");
    }

    assertTrue(served.get() >= 3, "asked again: " + served);
  }

  @Test
  void a_quorum_larger_than_the_witnesses_is_a_configuration_error() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LogVerifier.forRelay(relay.uri())
                .stateDirectory(state)
                .witness(first.uri(), null)
                .quorum(2)
                .build());
  }

  private LogVerifier verifier(int quorum) {
    return builder(quorum).build();
  }

  /** {@link #verifier}, for a head that is refused: it asks again only for {@link #LIE_WAIT}. */
  private LogVerifier refusing(int quorum) {
    return builder(quorum).cosignatureWait(LIE_WAIT).build();
  }

  private LogVerifier.Builder builder(int quorum) {
    return LogVerifier.forRelay(relay.uri())
        .stateDirectory(state)
        .witness(first.uri(), null)
        .witness(second.uri(), second.keyId())
        .quorum(quorum);
  }

  private GhostPipe pipe(String device, Path directory) {
    return GhostPipe.builder()
        .relay(relay.uri())
        .apiKey(FakeRelay.API_KEY)
        .deviceId(device)
        .keyDirectory(directory)
        .stateDirectory(directory)
        .witness(first.uri(), null)
        .witness(second.uri(), null)
        .quorum(2)
        .retries(2, Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  private static Cosignature forged(Cosignature genuine) {
    byte[] signature = genuine.signature();
    signature[17] ^= 1;
    return new Cosignature(
        genuine.witnessKeyId(), genuine.witnessUrl(), genuine.cosignedAtMillis(), signature);
  }

  private static SignedTreeHead otherRoot(SignedTreeHead head) {
    byte[] root = head.rootHash();
    root[0] ^= 1;
    return new SignedTreeHead(
        head.treeSize(), head.timestampMillis(), root, head.signature(), head.keyId());
  }

  private List<String> pinPrefixes() {
    Path pins = state.resolve("pins");
    if (!Files.isDirectory(pins)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pins)) {
      return files.map(f -> f.getFileName().toString().replaceAll("^([a-z]+-).*", "$1")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static LogVerificationException assertRefused(Reason reason, Executable check) {
    LogVerificationException e = assertThrows(LogVerificationException.class, check);
    assertEquals(reason, e.reason(), e::getMessage);
    return e;
  }
}
