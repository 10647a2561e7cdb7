package io.paramant.ct.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.SectorLog;
import io.paramant.ct.merkle.MerkleTree;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.WitnessRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness against a lying log: every test but the first plays the attacker. */
class WitnessTest {

  private static final String ORIGIN = "http://127.0.0.1:3001";
  private static final String WITNESS_URL = "http://127.0.0.1:3002";
  private static final InstantSource CLOCK = InstantSource.system();

  private static RelayIdentity logKey;
  private static RelayIdentity witnessKey;
  private static RelayIdentity otherKey;

  @TempDir Path directory;
  private Path stateFile;
  private Witness witness;
  private MerkleTree log;

  @BeforeAll
  static void createKeys(@TempDir Path keys) {
    logKey = RelayIdentity.loadOrCreate(keys.resolve("log.key"));
    witnessKey = RelayIdentity.loadOrCreate(keys.resolve("witness.key"));
    otherKey = RelayIdentity.loadOrCreate(keys.resolve("other.key"));
  }

  @BeforeEach
  void openWitness() {
    stateFile = directory.resolve("witness.state");
    witness = witness(WitnessState.open(stateFile, true));
    log = tree("genuine", 0);
  }

  @Test
  void head_of_a_configured_log_is_cosigned_and_its_cosignature_verifies() {
    grow(log, "genuine", 4);
    SignedTreeHead head = head(logKey, log);
    Cosignature cosignature = witness.cosign(ORIGIN, head, 0, List.of());
    cosignature.verify(witnessKey.publicKey(), ORIGIN, head);
    assertEquals(witnessKey.keyId(), cosignature.witnessKeyId());
    assertEquals(WITNESS_URL, cosignature.witnessUrl());

    grow(log, "genuine", 7);
    SignedTreeHead next = head(logKey, log);
    witness.cosign(ORIGIN, next, 4, proof(log, 4, 7)).verify(witnessKey.publicKey(), ORIGIN, next);
    // The same head again (an idle log re-submits it): cosigned with a fresh time.
    SignedTreeHead resigned = logKey.sign(7, CLOCK.millis() + 1, log.rootHash());
    witness.cosign(ORIGIN, resigned, 7, List.of()).verify(witnessKey.publicKey(), ORIGIN, resigned);
  }

  @Test
  void head_signed_by_another_key_or_naming_another_key_is_refused() {
    grow(log, "genuine", 4);
    assertRefused(
        Reason.INVALID_TREE_HEAD, () -> witness.cosign(ORIGIN, head(otherKey, log), 0, List.of()));
    SignedTreeHead genuine = head(logKey, log);
    SignedTreeHead forged =
        new SignedTreeHead(
            4,
            genuine.timestampMillis(),
            genuine.rootHash(),
            genuine.signature(),
            otherKey.keyId());
    assertRefused(Reason.INVALID_TREE_HEAD, () -> witness.cosign(ORIGIN, forged, 0, List.of()));
    byte[] root = genuine.rootHash();
    root[0] ^= 1;
    SignedTreeHead tampered =
        new SignedTreeHead(4, genuine.timestampMillis(), root, genuine.signature(), logKey.keyId());
    assertRefused(Reason.INVALID_TREE_HEAD, () -> witness.cosign(ORIGIN, tampered, 0, List.of()));
    assertNull(WitnessState.open(stateFile, false).checkpoint(ORIGIN));
  }

  @Test
  void head_of_a_log_the_operator_did_not_configure_is_refused() {
    grow(log, "genuine", 2);
    assertRefused(
        Reason.UNKNOWN_LOG,
        () -> witness.cosign("http://127.0.0.1:9999", head(logKey, log), 0, List.of()));
    assertRefused(
        Reason.UNKNOWN_LOG, () -> witness.cosign(ORIGIN + "/", head(logKey, log), 0, List.of()));
  }

  @Test
  void second_root_for_a_cosigned_size_is_a_fork_and_refused() {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    MerkleTree fork = grow(tree("fork", 0), "fork", 5);
    assertRefused(Reason.FORK, () -> witness.cosign(ORIGIN, head(logKey, fork), 5, List.of()));
    // The genuine head is still the one the witness stands by.
    witness.cosign(ORIGIN, head(logKey, log), 5, List.of());
  }

  @Test
  void fork_that_grew_past_the_cosigned_size_fails_its_consistency_proof() {
    grow(log, "genuine", 4);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    // Same first 3 leaves, another 4th, then more: the fork's own proof from 4 cannot lead to the
    // cosigned root of 4.
    MerkleTree fork = grow(tree("genuine", 3), "fork", 9);
    assertRefused(
        Reason.INCONSISTENT,
        () -> witness.cosign(ORIGIN, head(logKey, fork), 4, proof(fork, 4, 9)));
    assertEquals(4, WitnessState.open(stateFile, false).checkpoint(ORIGIN).size());
  }

  @Test
  void rollback_below_the_cosigned_size_is_refused() {
    grow(log, "genuine", 6);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    SignedTreeHead older = logKey.sign(3, CLOCK.millis(), log.rootHash(3));
    assertRefused(Reason.ROLLBACK, () -> witness.cosign(ORIGIN, older, 6, List.of()));
    WitnessRefusedException stale =
        assertRefused(Reason.STALE, () -> witness.cosign(ORIGIN, older, 3, List.of()));
    assertEquals(6, stale.size());
  }

  @Test
  void from_size_other_than_the_last_cosigned_is_stale_and_names_that_size() {
    grow(log, "genuine", 4);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    grow(log, "genuine", 8);
    SignedTreeHead head = head(logKey, log);
    for (long from : new long[] {0, 2, 5, 8}) {
      WitnessRefusedException e =
          assertRefused(Reason.STALE, () -> witness.cosign(ORIGIN, head, from, proof(log, 2, 8)));
      assertEquals(4, e.size());
    }
    witness.cosign(ORIGIN, head, 4, proof(log, 4, 8));
  }

  @Test
  void bad_consistency_proofs_are_refused() {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    grow(log, "genuine", 11);
    SignedTreeHead head = head(logKey, log);
    List<byte[]> good = proof(log, 5, 11);
    for (int i = 0; i < good.size(); i++) {
      List<byte[]> flipped = new ArrayList<>(good);
      byte[] hash = flipped.get(i).clone();
      hash[31] ^= 1;
      flipped.set(i, hash);
      assertRefused(Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, head, 5, flipped));
    }
    assertRefused(
        Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, head, 5, good.subList(1, good.size())));
    assertRefused(Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, head, 5, List.of()));
    List<byte[]> longer = new ArrayList<>(good);
    longer.add(new byte[32]);
    assertRefused(Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, head, 5, longer));
    assertRefused(
        Reason.INCONSISTENT,
        () -> witness.cosign(ORIGIN, head, 5, List.of(new byte[31], new byte[32])));
    List<byte[]> huge = new ArrayList<>();
    for (int i = 0; i <= Witness.MAX_PROOF_HASHES; i++) {
      huge.add(new byte[32]);
    }
    assertRefused(Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, head, 5, huge));
    // A proof with the same size needs none; from 0 there is none.
    SignedTreeHead same = logKey.sign(5, CLOCK.millis(), log.rootHash(5));
    assertRefused(
        Reason.INCONSISTENT, () -> witness.cosign(ORIGIN, same, 5, List.of(new byte[32])));
    assertEquals(5, WitnessState.open(stateFile, false).checkpoint(ORIGIN).size());
    witness.cosign(ORIGIN, head, 5, good);
  }

  @Test
  void checkpoint_is_on_disk_when_the_cosignature_is_returned_and_survives_a_restart() {
    grow(log, "genuine", 5);
    SignedTreeHead head = head(logKey, log);
    witness.cosign(ORIGIN, head, 0, List.of());
    WitnessState reread = WitnessState.open(stateFile, false);
    assertEquals(5, reread.checkpoint(ORIGIN).size());
    assertArrayEquals(log.rootHash(), reread.checkpoint(ORIGIN).root());
    assertEquals(logKey.keyId(), reread.checkpoint(ORIGIN).logKeyId());

    Witness restarted = witness(reread);
    MerkleTree fork = grow(tree("fork", 0), "fork", 5);
    assertRefused(Reason.FORK, () -> restarted.cosign(ORIGIN, head(logKey, fork), 5, List.of()));
    assertEquals(
        5, assertRefused(Reason.STALE, () -> restarted.cosign(ORIGIN, head, 0, List.of())).size());
  }

  @Test
  void lost_state_refuses_every_log_until_the_operator_reseeds() throws IOException {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    Files.delete(stateFile);
    Witness forgetful = witness(WitnessState.open(stateFile, false));
    assertNotNull(forgetful.lostReason());
    MerkleTree fork = grow(tree("fork", 0), "fork", 6);
    assertRefused(
        Reason.STATE_LOST, () -> forgetful.cosign(ORIGIN, head(logKey, fork), 0, List.of()));
    assertRefused(
        Reason.STATE_LOST, () -> forgetful.cosign(ORIGIN, head(logKey, log), 0, List.of()));
    assertFalse(Files.exists(stateFile));

    Files.createFile(WitnessState.reseedMarker(stateFile));
    Witness reseeded = witness(WitnessState.open(stateFile, false));
    assertNull(reseeded.lostReason());
    assertFalse(Files.exists(WitnessState.reseedMarker(stateFile)));
    reseeded.cosign(ORIGIN, head(logKey, log), 0, List.of());
  }

  @Test
  void damaged_state_refuses_every_log() throws IOException {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    for (String damage :
        new String[] {
          "",
          "paramant/witness-state/v1",
          "paramant/witness-state/v1\n" + ORIGIN + " 00 5 00\n",
          Files.readString(stateFile).replace(" 5 ", " -5 "),
          Files.readString(stateFile) + Files.readString(stateFile).substring(26)
        }) {
      Files.writeString(stateFile, damage);
      Witness damaged = witness(WitnessState.open(stateFile, false));
      assertRefused(
          Reason.STATE_LOST, () -> damaged.cosign(ORIGIN, head(logKey, log), 5, List.of()));
    }
  }

  @Test
  void state_that_cannot_be_written_refuses_without_cosigning() throws IOException {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    // The temporary file's name taken by a non-empty directory: the write fails.
    Path blocker = stateFile.resolveSibling("witness.state.new");
    Files.createDirectories(blocker.resolve("x"));
    grow(log, "genuine", 7);
    assertRefused(
        Reason.STATE_UNWRITABLE,
        () -> witness.cosign(ORIGIN, head(logKey, log), 5, proof(log, 5, 7)));
    assertEquals(5, WitnessState.open(stateFile, false).checkpoint(ORIGIN).size());
    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    witness.cosign(ORIGIN, head(logKey, log), 5, proof(log, 5, 7));
  }

  @Test
  void configured_key_other_than_the_checkpoints_is_refused_until_reseeded() {
    grow(log, "genuine", 5);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    Witness rekeyed =
        new Witness(
            witnessKey,
            WITNESS_URL,
            List.of(new WitnessedLog(ORIGIN, otherKey.publicKey())),
            WitnessState.open(stateFile, false),
            CLOCK);
    assertRefused(
        Reason.STATE_LOST, () -> rekeyed.cosign(ORIGIN, head(otherKey, log), 5, List.of()));
  }

  @Test
  void concurrent_heads_of_one_log_are_checked_one_after_the_other() throws Exception {
    grow(log, "genuine", 4);
    witness.cosign(ORIGIN, head(logKey, log), 0, List.of());
    int forks = 8;
    List<SignedTreeHead> heads = new ArrayList<>();
    List<List<byte[]>> proofs = new ArrayList<>();
    for (int i = 0; i < forks; i++) {
      MerkleTree fork = grow(tree("genuine", 4), "fork" + i, 7);
      heads.add(head(logKey, fork));
      proofs.add(proof(fork, 4, 7));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(forks);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < forks; i++) {
        int n = i;
        Callable<Object> call =
            () -> {
              start.await();
              try {
                return witness.cosign(ORIGIN, heads.get(n), 4, proofs.get(n));
              } catch (WitnessRefusedException e) {
                return e;
              }
            };
        results.add(threads.submit(call));
      }
      start.countDown();
      int cosigned = 0;
      for (int i = 0; i < forks; i++) {
        Object result = results.get(i).get();
        if (result instanceof Cosignature) {
          cosigned++;
        } else {
          WitnessRefusedException e = (WitnessRefusedException) result;
          assertEquals(Reason.STALE, e.reason());
          assertEquals(7, e.size());
          // Retried from the size the witness named: the other root of size 7 is a fork.
          int n = i;
          assertRefused(Reason.FORK, () -> witness.cosign(ORIGIN, heads.get(n), 7, List.of()));
        }
      }
      assertEquals(1, cosigned);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void the_same_log_cannot_be_configured_twice() {
    WitnessState state = WitnessState.open(directory.resolve("other.state"), true);
    List<WitnessedLog> twice =
        List.of(
            new WitnessedLog(ORIGIN, logKey.publicKey()),
            new WitnessedLog("http://127.0.0.1:3003", logKey.publicKey()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Witness(witnessKey, WITNESS_URL, twice, state, CLOCK));
    assertTrue(witness.watches(ORIGIN));
    assertFalse(witness.watches("http://127.0.0.1:3003"));
    witness.watch(new WitnessedLog(ORIGIN, logKey.publicKey()));
    assertThrows(
        IllegalArgumentException.class,
        () -> witness.watch(new WitnessedLog(ORIGIN, otherKey.publicKey())));
    assertThrows(
        IllegalArgumentException.class,
        () -> witness.watch(new WitnessedLog("http://127.0.0.1:3003", logKey.publicKey())));
    witness.watch(new WitnessedLog("http://127.0.0.1:3003", otherKey.publicKey()));
    assertTrue(witness.watches("http://127.0.0.1:3003"));
  }

  private Witness witness(WitnessState state) {
    return new Witness(
        witnessKey,
        WITNESS_URL,
        List.of(new WitnessedLog(ORIGIN, logKey.publicKey())),
        state,
        CLOCK);
  }

  private static WitnessRefusedException assertRefused(Reason reason, Runnable call) {
    WitnessRefusedException e = assertThrows(WitnessRefusedException.class, call::run);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  /** A tree of {@code size} leaves named {@code name-<index>}. */
  private static MerkleTree tree(String name, int size) {
    return grow(new MerkleTree(SectorLog.HASHER), name, size);
  }

  private static MerkleTree grow(MerkleTree tree, String name, int size) {
    while (tree.size() < size) {
      tree.append((name + "-" + tree.size()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return tree;
  }

  private static SignedTreeHead head(RelayIdentity key, MerkleTree tree) {
    return key.sign(tree.size(), CLOCK.millis(), tree.rootHash());
  }

  private static List<byte[]> proof(MerkleTree tree, long from, long to) {
    return tree.consistencyProof(from, to).path();
  }
}
