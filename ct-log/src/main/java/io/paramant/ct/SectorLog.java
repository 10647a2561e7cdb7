package io.paramant.ct;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.journal.Journal;
import io.paramant.ct.journal.RejectedRecordException;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.MerkleTree;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.merkle.TreeRangeException;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.WitnessState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The transparency log of one sector, with no container around it: the journal {@code
 * <data>/<sector>/ct.journal} holds the leaf bytes, the Merkle tree and the subject index are
 * rebuilt from it on opening, and the identity key {@code <data>/<sector>/identity.key} signs the
 * tree heads. {@code io.paramant.ct.ejb.TransparencyLog} (module {@code ct-log-ejb}) only hands its
 * calls through.
 *
 * <p>Thread-safe. An append returns once its leaf is durable and in the tree, so its index can be
 * proven right away; the journal's group commit serialises the tree's writes, and reads need no
 * lock (see the package documentation).
 */
public final class SectorLog implements AutoCloseable {

  /** The log's tree hash. */
  public static final TreeHasher HASHER = TreeHasher.SHA3_256;

  /** The most leaves one {@link #leaves} call returns. */
  public static final int MAX_PAGE_LEAVES = 1000;

  /**
   * A tree head is signed at most this often, however often it is asked for: ML-DSA-65 signing
   * takes milliseconds, and a client that just appended waits at most this long for a head that
   * covers its leaf.
   */
  public static final long TREE_HEAD_INTERVAL_MILLIS = 250;

  /**
   * Leaves per batch of the journal's replay on opening ({@link #replay}): large enough that the
   * parallel work of a batch dwarfs its hand-offs, small enough that a batch's leaves and hashes
   * (about 8 MiB) are a passing allocation.
   */
  static final int REPLAY_BATCH = 1 << 16;

  /** Leaves per parallel task when a batch is decoded and checked. */
  private static final int DECODE_SLICE = 1024;

  private static final System.Logger LOG = System.getLogger(SectorLog.class.getName());

  private static final HexFormat HEX = HexFormat.of();

  private final String sector;
  private final InstantSource clock;
  private final MerkleTree tree;
  private final SubjectIndex subjects;
  private final Journal journal;
  private final RelayIdentity identity;
  private final boolean firstStart;
  private final Object signing = new Object();
  private volatile SignedTreeHead latestHead;
  private Pause pause = Thread::sleep;

  /** Waits out the rest of a signing interval; tests replace it to advance their clock instead. */
  @FunctionalInterface
  interface Pause {
    void millis(long millis) throws InterruptedException;
  }

  private SectorLog(
      String sector,
      InstantSource clock,
      MerkleTree tree,
      SubjectIndex subjects,
      Journal journal,
      RelayIdentity identity,
      boolean firstStart) {
    this.sector = sector;
    this.firstStart = firstStart;
    this.clock = clock;
    this.tree = tree;
    this.subjects = subjects;
    this.journal = journal;
    this.identity = identity;
  }

  /**
   * Opens the log of {@code sector} in {@code dataDirectory/sector/}, creating the directory
   * (owner-only), journal and identity key on first use.
   *
   * @throws InvalidEntryException if {@code sector} is not a valid sector name
   * @throws io.paramant.ct.journal.JournalException if the journal cannot be used
   * @throws io.paramant.ct.sth.IdentityKeyException if the identity key file is damaged
   */
  public static SectorLog open(Path dataDirectory, String sector, InstantSource clock) {
    return open(dataDirectory, sector, clock, REPLAY_BATCH);
  }

  /**
   * {@link #open(Path, String, InstantSource)} with the journal replayed in batches of this size.
   */
  static SectorLog open(Path dataDirectory, String sector, InstantSource clock, int replayBatch) {
    LogEntry.requireValidSector(sector);
    Path directory = dataDirectory.resolve(sector);
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log directory " + directory, e);
    }
    MerkleTree tree = new MerkleTree(HASHER);
    SubjectIndex subjects = new SubjectIndex();
    // The journal is opened (and locked) before the key is touched: a second relay started on the
    // same directory stops there instead of racing this one to create the key.
    Journal journal =
        Journal.open(
            directory.resolve("ct.journal"),
            leaf -> {
              LogEntry entry = checked(leaf, sector);
              subjects.add(entry.type(), entry.subject(), tree.append(leaf));
            },
            replayBatch,
            leaves -> replay(leaves, sector, tree, subjects));
    try {
      Path keyFile = directory.resolve("identity.key");
      boolean firstStart = !Files.exists(keyFile);
      if (firstStart) {
        // The witness's (empty) state exists before the key does: a first start cut short after
        // creating the key (killed while booting) must not look later like a witness that lost
        // its state (WitnessState).
        WitnessState.open(directory.resolve(WitnessState.FILE_NAME), true);
      }
      RelayIdentity identity = RelayIdentity.loadOrCreate(keyFile);
      LOG.log(
          Level.INFO,
          () ->
              "Opened the CT log of sector "
                  + sector
                  + " in "
                  + directory
                  + ": "
                  + tree.size()
                  + " leaves, key id "
                  + identity.keyId());
      return new SectorLog(sector, clock, tree, subjects, journal, identity, firstStart);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * The entry of {@code leaf}, a leaf of this log's journal.
   *
   * @throws InvalidEntryException if the leaf is not a canonical entry or not of {@code sector}
   */
  private static LogEntry checked(byte[] leaf, String sector) {
    LogEntry entry = LogEntry.decode(leaf);
    if (!entry.sector().equals(sector)) {
      throw new InvalidEntryException(
          "an entry of sector " + entry.sector() + " in the log of sector " + sector);
    }
    return entry;
  }

  /**
   * Applies a batch of the journal's leaves on opening, with the checks of an append ({@link
   * #checked}) and the same resulting tree and index, but in parallel: replaying a million leaves
   * is two million SHA3-256 hashes and a million decoded entries, each independent of the others.
   * The leaves are decoded, checked and keyed for the subject index in parallel slices, indexed in
   * order, and hashed into the tree level by level in parallel ({@link MerkleTree#appendAll}).
   *
   * @throws RejectedRecordException for the first leaf that fails a check
   */
  private static void replay(
      List<byte[]> leaves, String sector, MerkleTree tree, SubjectIndex subjects) {
    int count = leaves.size();
    int[] keys = new int[count];
    int slices = (count + DECODE_SLICE - 1) / DECODE_SLICE;
    // Each slice stops at its first bad leaf; the first slice with one holds the batch's first.
    RejectedRecordException[] rejected = new RejectedRecordException[slices];
    IntStream.range(0, slices)
        .parallel()
        .forEach(
            slice -> {
              int end = Math.min(count, (slice + 1) * DECODE_SLICE);
              for (int i = slice * DECODE_SLICE; i < end; i++) {
                try {
                  LogEntry entry = checked(leaves.get(i), sector);
                  keys[i] = SubjectIndex.hash(entry.type(), entry.subject());
                } catch (RuntimeException e) {
                  rejected[slice] = new RejectedRecordException(i, e);
                  return;
                }
              }
            });
    for (RejectedRecordException first : rejected) {
      if (first != null) {
        throw first;
      }
    }
    long firstIndex = tree.size();
    for (int i = 0; i < count; i++) {
      try {
        subjects.add(keys[i], firstIndex + i);
      } catch (RuntimeException e) {
        throw new RejectedRecordException(i, e);
      }
    }
    tree.appendAll(leaves);
  }

  /** Logs a stored blob by its SHA-256; returns the leaf index once the leaf is durable. */
  public long appendTransfer(byte[] blobSha256) {
    return append(LogEntry.ofHash(EntryType.TRANSFER, blobSha256, sector, clock.millis()));
  }

  /**
   * Logs a key registration: the keys' fingerprint bound to the device ({@link
   * io.paramant.ct.entry.DeviceBinding}); returns the leaf index once durable.
   */
  public long appendPubkey(byte[] keyFingerprint, byte[] binding) {
    return append(
        LogEntry.of(
            new LeafDetail.Pubkey(HEX.formatHex(binding)), keyFingerprint, sector, clock.millis()));
  }

  /**
   * Logs a notarised document: its SHA-256 with the signer's binding, key fingerprint and claimed
   * signing time; returns the leaf index once durable.
   */
  public long appendNotary(
      byte[] documentSha256, byte[] signerBinding, byte[] signerFingerprint, long signedAtMillis) {
    return append(
        LogEntry.of(
            new LeafDetail.Notary(
                HEX.formatHex(signerBinding), HEX.formatHex(signerFingerprint), signedAtMillis),
            documentSha256,
            sector,
            clock.millis()));
  }

  /**
   * Anchors an audit chain's head: the head, its seq and the hash of the account's audit id;
   * returns the leaf index once durable.
   */
  public long appendAudit(byte[] chainHead, long seq, byte[] auditIdHash) {
    return append(
        LogEntry.of(
            new LeafDetail.Audit(seq, HEX.formatHex(auditIdHash)),
            chainHead,
            sector,
            clock.millis()));
  }

  /** Logs a DID registration; returns the leaf index once durable. */
  public long appendDid(String did) {
    return append(new LogEntry(EntryType.DID, did, sector, clock.millis()));
  }

  /** Logs a delivery confirmation by the blob's SHA-256; returns the leaf index once durable. */
  public long appendAck(byte[] blobSha256) {
    return append(LogEntry.ofHash(EntryType.ACK, blobSha256, sector, clock.millis()));
  }

  private long append(LogEntry entry) {
    return journal.append(entry.encode());
  }

  /**
   * A signed tree head that covers every leaf appended before this call. Heads are signed at most
   * once per {@link #TREE_HEAD_INTERVAL_MILLIS}: a caller that needs a newer head than the latest
   * one waits for the rest of the interval, and every caller waiting meanwhile is served by that
   * one new signature. A head older than the interval is re-signed (same size, fresh timestamp),
   * and so is one from the future (the clock was set back).
   */
  public SignedTreeHead sth() {
    long needed = tree.size();
    SignedTreeHead head = latestHead;
    if (covers(head, needed)) {
      return head;
    }
    synchronized (signing) {
      head = latestHead;
      if (covers(head, needed)) {
        return head;
      }
      if (head != null) {
        long age = clock.millis() - head.timestampMillis();
        if (age >= 0 && age < TREE_HEAD_INTERVAL_MILLIS) {
          waitFor(TREE_HEAD_INTERVAL_MILLIS - age);
        }
      }
      long size = tree.size();
      head = identity.sign(size, clock.millis(), tree.rootHash(size));
      latestHead = head;
      return head;
    }
  }

  private boolean covers(SignedTreeHead head, long size) {
    if (head == null || head.treeSize() < size) {
      return false;
    }
    long age = clock.millis() - head.timestampMillis();
    return age >= 0 && age < TREE_HEAD_INTERVAL_MILLIS;
  }

  private void waitFor(long millis) {
    try {
      pause.millis(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to sign a tree head", e);
    }
  }

  /** For tests with a manual clock. */
  void pauseWith(Pause pause) {
    this.pause = pause;
  }

  /**
   * The relay's identity key, for the relay's witness ({@link io.paramant.ct.witness.Witness}),
   * which cosigns other logs' heads with it.
   */
  public RelayIdentity identity() {
    return identity;
  }

  /**
   * Whether this open created the identity key: the relay's first start on this data directory. The
   * witness creates its state only then; later, missing state means lost state.
   */
  public boolean isFirstStart() {
    return firstStart;
  }

  /**
   * The number of leaves in the tree now (what the next {@link #sth()} covers at least), read
   * without signing a head.
   */
  public long size() {
    return tree.size();
  }

  /** The relay's ML-DSA-65 public key, whose {@link SignedTreeHead#keyId} the heads name. */
  public byte[] publicKey() {
    return identity.publicKey();
  }

  /**
   * The leaves {@code [from, to)} with inclusion proofs against the {@link #sth()} they come with;
   * fewer (or none) where {@code to} is beyond that head's size.
   *
   * @throws LogRangeException unless {@code 0 <= from < to <= from + MAX_PAGE_LEAVES}
   */
  public LeafPage leaves(long from, long to) {
    requirePage(from, to);
    SignedTreeHead head = sth();
    return page(head, from, to, head.treeSize());
  }

  /**
   * The leaves {@code [from, min(to, treeSize))} with inclusion proofs against the tree of {@code
   * treeSize} leaves, and the latest {@link #sth()} (whose size is at least {@code treeSize}). A
   * client that verified a head of {@code treeSize} leaves reads the whole tree of that head with
   * it, page by page, however much the log grows meanwhile.
   *
   * @throws LogRangeException unless {@code 0 <= from < to <= from + MAX_PAGE_LEAVES} and {@code 0
   *     < treeSize <=} the size of the latest signed head
   */
  public LeafPage leaves(long from, long to, long treeSize) {
    requirePage(from, to);
    SignedTreeHead head = sth();
    if (treeSize <= 0 || treeSize > head.treeSize()) {
      throw new LogRangeException(
          "tree_size must be between 1 and the signed tree size "
              + head.treeSize()
              + ", not "
              + treeSize);
    }
    return page(head, from, to, treeSize);
  }

  private static void requirePage(long from, long to) {
    if (from < 0 || to <= from || to - from > MAX_PAGE_LEAVES) {
      throw new LogRangeException(
          "leaves are asked for as 0 <= from < to <= from + "
              + MAX_PAGE_LEAVES
              + ", not from="
              + from
              + " to="
              + to);
    }
  }

  private LeafPage page(SignedTreeHead head, long from, long to, long treeSize) {
    List<ProvenLeaf> leaves = new ArrayList<>();
    if (from < treeSize) {
      List<byte[]> records = journal.read(from, Math.min(to, treeSize));
      for (int i = 0; i < records.size(); i++) {
        long index = from + i;
        leaves.add(
            new ProvenLeaf(
                index, LogEntry.decode(records.get(i)), tree.inclusionProof(index, treeSize)));
      }
    }
    return new LeafPage(head, treeSize, leaves);
  }

  /**
   * The entry at {@code index}, read back from the journal without a tree head (a caller that
   * proves it asks for {@link #inclusionProof} against a head it took itself).
   *
   * @throws LogRangeException unless {@code 0 <= index <} the log's size
   */
  public LogEntry entry(long index) {
    long size = tree.size();
    if (index < 0 || index >= size) {
      throw new LogRangeException("leaf " + index + " is not in the log of size " + size);
    }
    return LogEntry.decode(journal.read(index, index + 1).get(0));
  }

  /**
   * The proof that leaf {@code index} is in the tree of {@code treeSize} leaves.
   *
   * @throws LogRangeException unless {@code 0 <= index < treeSize <=} the log's size
   */
  public InclusionProof inclusionProof(long index, long treeSize) {
    return inRange(() -> tree.inclusionProof(index, treeSize));
  }

  /**
   * The proof that the tree of {@code firstSize} leaves is a prefix of the tree of {@code
   * secondSize} leaves.
   *
   * @throws LogRangeException unless {@code 0 < firstSize <= secondSize <=} the log's size
   */
  public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
    return inRange(() -> tree.consistencyProof(firstSize, secondSize));
  }

  /**
   * The index of the latest leaf with this type and subject.
   *
   * @param subject as in {@link LogEntry#subject()}: 64 lowercase hex digits, or the DID
   */
  public OptionalLong find(EntryType type, String subject) {
    long[] candidates = subjects.candidates(type, subject);
    for (int i = candidates.length - 1; i >= 0; i--) {
      long index = candidates[i];
      LogEntry entry = LogEntry.decode(journal.read(index, index + 1).get(0));
      if (entry.type() == type && entry.subject().equals(subject)) {
        return OptionalLong.of(index);
      }
    }
    return OptionalLong.empty();
  }

  /** Waits for a running commit and closes the journal. */
  @Override
  public void close() {
    journal.close();
  }

  private static <T> T inRange(Supplier<T> proof) {
    try {
      return proof.get();
    } catch (TreeRangeException e) {
      throw new LogRangeException(e.getMessage());
    }
  }
}
