package io.paramant.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.journal.Journal;
import io.paramant.ct.journal.JournalException;
import io.paramant.ct.merkle.MerkleTree;
import io.paramant.ct.sth.SignedTreeHead;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opening a log replays its journal in batches, decoding, checking and hashing each batch in
 * parallel ({@link SectorLog#REPLAY_BATCH}): the result is the tree and index that one append per
 * leaf gives, and a bad leaf anywhere stops opening as before. The journals are written here frame
 * by frame (the format of {@link Journal}), which is much faster than a few thousand fsync'd
 * appends; the sizes straddle the batch and the parallel slices (1024 leaves).
 */
class SectorLogReplayTest {

  private static final long START = 1_764_144_000_000L;
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(START));

  /** Two parallel slices and a bit: 2 * 1024 + 3 leaves. */
  private static final int LEAVES = 2051;

  @TempDir Path data;

  @ParameterizedTest(name = "replay batches of {0}")
  @ValueSource(ints = {1, 1000, 1024, 1025, 2050, LEAVES, SectorLog.REPLAY_BATCH})
  void reopened_log_has_the_tree_and_index_of_one_append_per_leaf(int replayBatch)
      throws IOException {
    List<byte[]> leaves = leaves("main", LEAVES);
    writeJournal("main", leaves);
    MerkleTree sequential = new MerkleTree(SectorLog.HASHER);
    leaves.forEach(sequential::append);

    try (SectorLog log = SectorLog.open(data, "main", CLOCK, replayBatch)) {
      assertEquals(LEAVES, log.size());
      SignedTreeHead head = log.sth();
      head.verify(log.publicKey());
      assertEquals(LEAVES, head.treeSize());
      assertArrayEquals(sequential.rootHash(), head.rootHash());
      for (long size : new long[] {1, 2, 1023, 1024, 1025, 1999, 2000, 2048, 2049, LEAVES}) {
        log.consistencyProof(size, LEAVES)
            .verify(SectorLog.HASHER, sequential.rootHash(size), head.rootHash());
      }
      for (int i = 0; i < LEAVES; i++) {
        log.inclusionProof(i, LEAVES)
            .verify(SectorLog.HASHER, sequential.leafHash(i), head.rootHash());
      }
      for (int i : new int[] {0, 1, 999, 1000, 1023, 1024, 1025, 2049, 2050}) {
        LogEntry entry = LogEntry.decode(leaves.get(i));
        assertEquals(OptionalLong.of(i), log.find(entry.type(), entry.subject()), "leaf " + i);
      }
      assertEquals(OptionalLong.empty(), log.find(EntryType.ACK, subject(5)));
      assertEquals(LEAVES, log.appendAck(hash(5)));
      assertEquals(OptionalLong.of(LEAVES), log.find(EntryType.ACK, subject(5)));
    }
  }

  @ParameterizedTest(name = "replay batches of {0}")
  @ValueSource(ints = {1, 1000, 1024, 1025, SectorLog.REPLAY_BATCH})
  void leaf_in_the_middle_that_is_no_entry_of_the_log_stops_opening_and_is_named(int replayBatch)
      throws IOException {
    List<byte[]> leaves = new ArrayList<>(leaves("main", LEAVES));
    byte[] unknownVersion = leaves.get(1500).clone();
    unknownVersion[0] = 3;
    leaves.set(1500, unknownVersion);
    // A second bad leaf, in the next parallel slice of a batch of 1025 or more.
    leaves.set(2049, leaves("legal", 2050).get(2049));
    Path journal = writeJournal("main", leaves);
    byte[] before = Files.readAllBytes(journal);

    JournalException failure =
        assertThrows(
            JournalException.class, () -> SectorLog.open(data, "main", CLOCK, replayBatch));
    assertEquals(
        journal
            + ": record 1500 at offset "
            + offset(leaves, 1500)
            + " was rejected: unknown leaf version 3",
        failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(journal));

    leaves.set(1500, leaves("main", 1501).get(1500));
    writeJournal("main", leaves);
    failure =
        assertThrows(
            JournalException.class, () -> SectorLog.open(data, "main", CLOCK, replayBatch));
    assertEquals(
        journal
            + ": record 2049 at offset "
            + offset(leaves, 2049)
            + " was rejected: an entry of sector legal in the log of sector main",
        failure.getMessage());
  }

  @Test
  void damaged_leaf_in_the_middle_stops_opening_and_one_in_the_last_commit_is_cut()
      throws IOException {
    // 22,000 frames of about 64 bytes: more than one commit (1 MiB) follows leaf 100.
    List<byte[]> leaves = leaves("main", 22_000);
    Path journal = writeJournal("main", leaves);
    byte[] intact = Files.readAllBytes(journal);
    assertTrue(intact.length - offset(leaves, 101) > 1 << 20, "more than one commit follows");

    byte[] damaged = intact.clone();
    damaged[(int) offset(leaves, 100) + 8 + 20] ^= 1; // a bit of leaf 100's blob hash
    Files.write(journal, damaged);
    JournalException failure =
        assertThrows(JournalException.class, () -> SectorLog.open(data, "main", CLOCK));
    assertTrue(
        failure
            .getMessage()
            .startsWith(journal + " is damaged at offset " + offset(leaves, 100) + " (checksum"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("Not cutting"), failure.getMessage());
    assertArrayEquals(damaged, Files.readAllBytes(journal));

    damaged = intact.clone();
    damaged[(int) offset(leaves, 21_990) + 8 + 20] ^= 1;
    Files.write(journal, damaged);
    try (CapturedLog captured = CapturedLog.of(Journal.class);
        SectorLog log = SectorLog.open(data, "main", CLOCK)) {
      assertEquals(21_990, log.size());
      assertEquals(offset(leaves, 21_990), Files.size(journal));
      List<String> warnings = captured.messages(Level.WARNING);
      assertEquals(1, warnings.size());
      long tail = intact.length - offset(leaves, 21_990);
      assertTrue(warnings.get(0).startsWith("Cut " + tail + " bytes "), warnings.get(0));
      MerkleTree sequential = new MerkleTree(SectorLog.HASHER);
      leaves.subList(0, 21_990).forEach(sequential::append);
      assertArrayEquals(sequential.rootHash(), log.sth().rootHash());
    }
  }

  /**
   * Leaves of {@code sector}: transfers of distinct hashes, every 97th a DID (another length), and
   * an ack of a transfer's hash now and then (a subject with two leaves).
   */
  private static List<byte[]> leaves(String sector, int count) {
    List<byte[]> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LogEntry entry;
      if (i % 97 == 13) {
        entry = new LogEntry(EntryType.DID, "did:paramant:leaf" + i, sector, START + i);
      } else if (i % 89 == 7) {
        entry = LogEntry.ofHash(EntryType.ACK, hash(i - 7), sector, START + i);
      } else {
        entry = LogEntry.ofHash(EntryType.TRANSFER, hash(i), sector, START + i);
      }
      leaves.add(entry.encode());
    }
    return leaves;
  }

  private static byte[] hash(long i) {
    return ByteBuffer.allocate(LogEntry.HASH_LENGTH)
        .putLong(i)
        .putLong(i * 0x9E3779B97F4A7C15L)
        .putLong(~i)
        .array();
  }

  private static String subject(long i) {
    return HexFormat.of().formatHex(hash(i));
  }

  /** The journal of {@code sector} with these leaves: the header, then one frame per leaf. */
  private Path writeJournal(String sector, List<byte[]> leaves) throws IOException {
    Path directory = data.resolve(sector);
    Files.createDirectories(directory);
    Path file = directory.resolve("ct.journal");
    Files.deleteIfExists(file);
    Journal.open(file, leaf -> {}).close(); // the header, as the journal writes it
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND))) {
      CRC32C crc = new CRC32C();
      for (byte[] leaf : leaves) {
        byte[] frame =
            ByteBuffer.allocate(8 + leaf.length).putInt(leaf.length).putInt(0).put(leaf).array();
        crc.reset();
        crc.update(frame, 0, 4);
        crc.update(frame, 8, leaf.length);
        ByteBuffer.wrap(frame).putInt(4, (int) crc.getValue());
        out.write(frame);
      }
    }
    return file;
  }

  /** The file offset of leaf {@code index}'s frame. */
  private long offset(List<byte[]> leaves, int index) throws IOException {
    long header = "paramant/ct/journal/v1\n".length();
    return header + leaves.subList(0, index).stream().mapToLong(leaf -> 8 + leaf.length).sum();
  }
}
