package io.paramant.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.journal.JournalException;
import io.paramant.ct.merkle.CompactRange;
import io.paramant.ct.sth.SignedTreeHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectorLogTest {

  private static final long START = 1_764_144_000_000L;

  @TempDir Path data;

  private final ManualClock clock = new ManualClock();
  private SectorLog log;

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close();
    }
  }

  @Test
  void appends_of_every_type_get_consecutive_indexes_and_come_back_as_proven_leaves() {
    log = open("main");
    assertEquals(0, log.appendTransfer(sha256("blob")));
    clock.advance(1);
    assertEquals(1, log.appendPubkey(sha256("keys"), sha256("binding")));
    clock.advance(1);
    assertEquals(2, log.appendDid("did:paramant:abcdefghijklmnopqrstuvwxyz234567"));
    clock.advance(1);
    assertEquals(3, log.appendAck(sha256("blob")));
    clock.advance(1);
    assertEquals(4, log.appendNotary(sha256("doc"), sha256("binding"), sha256("keys"), 99));
    clock.advance(1);
    assertEquals(5, log.appendAudit(sha256("head"), 7, sha256("audit id")));

    LeafPage page = log.leaves(0, 10);
    SignedTreeHead head = page.treeHead();
    head.verify(log.publicKey());
    assertEquals(6, head.treeSize());
    assertEquals(
        List.of(
            new LogEntry(EntryType.TRANSFER, hex(sha256("blob")), "main", START),
            new LogEntry(
                EntryType.PUBKEY,
                hex(sha256("keys")),
                "main",
                START + 1,
                new LeafDetail.Pubkey(hex(sha256("binding")))),
            new LogEntry(
                EntryType.DID, "did:paramant:abcdefghijklmnopqrstuvwxyz234567", "main", START + 2),
            new LogEntry(EntryType.ACK, hex(sha256("blob")), "main", START + 3),
            new LogEntry(
                EntryType.NOTARY,
                hex(sha256("doc")),
                "main",
                START + 4,
                new LeafDetail.Notary(hex(sha256("binding")), hex(sha256("keys")), 99)),
            new LogEntry(
                EntryType.AUDIT,
                hex(sha256("head")),
                "main",
                START + 5,
                new LeafDetail.Audit(7, hex(sha256("audit id"))))),
        page.leaves().stream().map(ProvenLeaf::entry).toList());
    for (ProvenLeaf leaf : page.leaves()) {
      assertEquals(leaf.index(), leaf.proof().leafIndex());
      leaf.proof().verify(SectorLog.HASHER, leaf.leafHash(), head.rootHash());
    }
  }

  @Test
  void first_start_creates_the_witness_state_before_the_identity_key_and_later_starts_keep_it()
      throws Exception {
    log = open("main");
    Path state = data.resolve("main").resolve(io.paramant.ct.witness.WitnessState.FILE_NAME);
    assertTrue(java.nio.file.Files.exists(state));
    assertTrue(log.isFirstStart());
    log.close();
    // a first start killed after creating the key: the state file is there, and it is used
    log = open("main");
    assertFalse(log.isFirstStart());
    assertNull(
        io.paramant.ct.witness.WitnessState.open(state, log.isFirstStart()).lostReason(),
        "the witness state of a relay whose first start was cut short is not lost");
  }

  @Test
  void tree_head_covers_every_earlier_append_and_is_signed_at_most_once_per_interval() {
    log = open("main");
    log.appendTransfer(sha256("a"));
    SignedTreeHead first = log.sth();
    assertEquals(1, first.treeSize());
    clock.advance(10);
    assertSame(first, log.sth(), "nothing appended since: the same head");

    log.appendTransfer(sha256("b"));
    SignedTreeHead second = log.sth();
    assertEquals(2, second.treeSize());
    assertEquals(
        START + SectorLog.TREE_HEAD_INTERVAL_MILLIS,
        second.timestampMillis(),
        "the new head waited for the rest of the interval");
    second.verify(log.publicKey());
    assertEquals(2, log.leaves(0, 2).leaves().size(), "a page covers every earlier append");

    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    SignedTreeHead unchangedTree = log.sth();
    assertNotSame(second, unchangedTree);
    assertEquals(2, unchangedTree.treeSize());
    assertArrayEquals(second.rootHash(), unchangedTree.rootHash());

    clock.advance(-60_000);
    assertEquals(clock.millis(), log.sth().timestampMillis(), "a clock set back gets a new head");
  }

  @Test
  void leaves_are_asked_for_as_a_range_of_at_most_a_thousand() {
    log = open("main");
    for (int i = 0; i < 5; i++) {
      log.appendTransfer(sha256("blob " + i));
    }
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    assertEquals(List.of(3L, 4L), indexes(log.leaves(3, 1_000)));
    assertEquals(List.of(), indexes(log.leaves(5, 6)));
    assertEquals(List.of(0L), indexes(log.leaves(0, 1)));
    assertEquals(5, log.leaves(0, SectorLog.MAX_PAGE_LEAVES).leaves().size());
    for (long[] range : new long[][] {{-1, 3}, {3, 3}, {4, 3}, {0, 1_001}, {7, Long.MIN_VALUE}}) {
      assertThrows(LogRangeException.class, () -> log.leaves(range[0], range[1]));
    }
  }

  @Test
  void leaves_against_an_older_tree_size_are_proven_against_that_size_with_the_latest_head() {
    log = open("main");
    for (int i = 0; i < 7; i++) {
      log.appendTransfer(sha256("blob " + i));
    }
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    CompactRange range = CompactRange.empty(SectorLog.HASHER);
    LeafPage page = log.leaves(2, 1_000, 5);
    assertEquals(7, page.treeHead().treeSize());
    assertEquals(5, page.treeSize());
    assertEquals(List.of(2L, 3L, 4L), indexes(page));
    for (ProvenLeaf leaf : log.leaves(0, 5, 5).leaves()) {
      assertEquals(5, leaf.proof().treeSize());
      range.append(leaf.leafHash());
    }
    byte[] rootOfFive = range.rootHash();
    for (ProvenLeaf leaf : page.leaves()) {
      leaf.proof().verify(SectorLog.HASHER, leaf.leafHash(), rootOfFive);
    }
    assertEquals(7, log.leaves(0, 10, 7).leaves().size());
    for (long size : new long[] {0, 8, -1}) {
      assertThrows(LogRangeException.class, () -> log.leaves(0, 5, size));
    }
    assertThrows(LogRangeException.class, () -> log.leaves(0, 1_001, 5));
    assertEquals(List.of(), indexes(log.leaves(5, 6, 5)), "nothing at or beyond tree_size");
  }

  @Test
  void proofs_verify_and_out_of_range_requests_are_a_range_error() {
    log = open("main");
    for (int i = 0; i < 9; i++) {
      log.appendTransfer(sha256("blob " + i));
    }
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    SignedTreeHead head = log.sth();
    byte[] leafHash = log.leaves(6, 7).leaves().get(0).leafHash();
    log.inclusionProof(6, 9).verify(SectorLog.HASHER, leafHash, head.rootHash());

    SignedTreeHead earlier = head;
    log.appendDid("did:paramant:x");
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    SignedTreeHead later = log.sth();
    log.consistencyProof(earlier.treeSize(), later.treeSize())
        .verify(SectorLog.HASHER, earlier.rootHash(), later.rootHash());

    assertThrows(LogRangeException.class, () -> log.inclusionProof(10, 10));
    assertThrows(LogRangeException.class, () -> log.inclusionProof(0, 11));
    assertThrows(LogRangeException.class, () -> log.inclusionProof(-1, 5));
    assertThrows(LogRangeException.class, () -> log.consistencyProof(0, 5));
    assertThrows(LogRangeException.class, () -> log.consistencyProof(6, 5));
    assertThrows(LogRangeException.class, () -> log.consistencyProof(5, 11));
  }

  @Test
  void find_gives_the_latest_leaf_of_a_type_and_subject_also_after_reopening() {
    log = open("main");
    byte[] blob = sha256("blob");
    log.appendTransfer(blob);
    log.appendAck(blob);
    log.appendDid("did:paramant:abc");
    log.appendTransfer(blob);
    log.appendPubkey(sha256("keys"), sha256("binding"));
    for (int reopened = 0; reopened < 2; reopened++) {
      assertEquals(OptionalLong.of(3), log.find(EntryType.TRANSFER, hex(blob)));
      assertEquals(OptionalLong.of(1), log.find(EntryType.ACK, hex(blob)));
      assertEquals(OptionalLong.of(2), log.find(EntryType.DID, "did:paramant:abc"));
      assertEquals(OptionalLong.of(4), log.find(EntryType.PUBKEY, hex(sha256("keys"))));
      assertEquals(OptionalLong.empty(), log.find(EntryType.PUBKEY, hex(blob)));
      assertEquals(OptionalLong.empty(), log.find(EntryType.DID, "did:paramant:abd"));
      log.close();
      log = open("main");
    }
  }

  @Test
  void log_continues_after_a_restart_and_old_tree_heads_stay_consistent() {
    log = open("main");
    for (int i = 0; i < 5; i++) {
      log.appendTransfer(sha256("before " + i));
    }
    SignedTreeHead beforeRestart = log.sth();
    byte[] publicKey = log.publicKey();
    log.close();

    log = open("main");
    assertArrayEquals(publicKey, log.publicKey());
    assertEquals(5, log.appendTransfer(sha256("after")));
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    SignedTreeHead afterRestart = log.sth();
    afterRestart.verify(publicKey);
    assertEquals(6, afterRestart.treeSize());
    log.consistencyProof(beforeRestart.treeSize(), afterRestart.treeSize())
        .verify(SectorLog.HASHER, beforeRestart.rootHash(), afterRestart.rootHash());
  }

  @Test
  void concurrent_appends_all_land_in_the_tree_with_distinct_indexes_and_can_be_found()
      throws Exception {
    log = open("main");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Long>> indexes =
        IntStream.range(0, 1_000)
            .mapToObj(i -> pool.submit(() -> log.appendTransfer(sha256("blob " + i))))
            .toList();
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < indexes.size(); i++) {
      long index = indexes.get(i).get();
      assertTrue(distinct.add(index));
      assertEquals(OptionalLong.of(index), log.find(EntryType.TRANSFER, hex(sha256("blob " + i))));
    }
    pool.shutdown();
    clock.advance(SectorLog.TREE_HEAD_INTERVAL_MILLIS);
    assertEquals(1_000, log.sth().treeSize());
  }

  @Test
  void sector_directory_is_created_owner_only() throws IOException {
    log = open("health");
    Path directory = data.resolve("health");
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    assertTrue(Files.exists(directory.resolve("ct.journal")));
    assertTrue(Files.exists(directory.resolve("identity.key")));
  }

  @Test
  void invalid_sector_name_is_refused_before_anything_is_written() throws IOException {
    assertThrows(InvalidEntryException.class, () -> open("../etc"));
    assertThrows(InvalidEntryException.class, () -> open("Main"));
    try (var files = Files.list(data)) {
      assertFalse(files.findAny().isPresent());
    }
  }

  @Test
  void journal_of_another_sector_is_refused() throws IOException {
    log = open("main");
    log.appendTransfer(sha256("blob"));
    log.close();
    log = null;
    Files.move(data.resolve("main"), data.resolve("legal"));
    JournalException failure = assertThrows(JournalException.class, () -> open("legal"));
    assertTrue(failure.getMessage().contains("sector main"), failure.getMessage());
  }

  private SectorLog open(String sector) {
    SectorLog opened = SectorLog.open(data, sector, clock);
    opened.pauseWith(clock::advance);
    return opened;
  }

  private static List<Long> indexes(LeafPage page) {
    return page.leaves().stream().map(ProvenLeaf::index).toList();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A clock that moves only when told to. */
  private static final class ManualClock implements InstantSource {
    private volatile long millis = START;

    void advance(long delta) {
      millis += delta;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }
}
