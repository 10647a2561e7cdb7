package io.paramant.ct.journal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardOpenOption.READ;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A durable, append-only sequence of records in one file, with group commit.
 *
 * <h2>File format</h2>
 *
 * The file starts with the ASCII line {@code paramant/ct/journal/v1}; then come the records, each
 * framed as {@code length u32 | crc u32 | record}, big-endian, where {@code crc} is the CRC32C of
 * the length's four bytes followed by the record. A record is 1 to {@link #MAX_RECORD_LENGTH}
 * bytes, so a run of zeros (what a crash can leave at the end of a file) is never a valid frame.
 *
 * <h2>Durability</h2>
 *
 * {@link #append} returns only after its record and every record before it are on disk (written and
 * fsync'd). Concurrent appends are committed together: whichever appender finds no commit in
 * progress writes everything queued so far, up to {@value #MAX_COMMIT_BYTES} bytes, with one write
 * and one fsync, while the others wait; so one fsync serves many appends. On opening, the records
 * are read back; a damaged or incomplete tail is what a crash during a commit leaves, so it is cut
 * off (and logged) if it is no longer than one commit, and opening fails if it is longer, because
 * that is damage rather than a torn write and cutting it could lose acknowledged records.
 *
 * <h2>Applying records</h2>
 *
 * The {@code applier} given to {@link #open} sees every record exactly once, in order: the existing
 * ones while opening, each new one after it is durable and before its {@code append} returns. It
 * runs on one thread at a time (the committing one), which makes it a single writer. When it
 * returns, {@link #size()} and {@link #read} already include the record.
 *
 * <p>{@link #open(Path, Consumer, int, Replay)} hands the existing records to a {@link Replay}
 * instead, many at a time, so that its owner can work on a batch in parallel (the transparency log
 * hashes a million leaves on opening); the records, their order, the torn-tail rule and the
 * rejection of a record are the same.
 *
 * <h2>Interrupts</h2>
 *
 * Appends write through a {@link RandomAccessFile}, not a {@code FileChannel}: an interrupted
 * thread would close a channel for every thread, and the committing thread is whichever request
 * thread came first. Reads open a channel of their own.
 */
public final class Journal implements Closeable {

  /** The largest record. Log entries are about 60 bytes, DID entries at most about 1 KiB. */
  public static final int MAX_RECORD_LENGTH = 64 * 1024;

  /**
   * The most bytes one commit writes, and so the longest tail a crash can tear: a longer damaged
   * tail is not cut.
   */
  static final int MAX_COMMIT_BYTES = 1 << 20;

  private static final System.Logger LOG = System.getLogger(Journal.class.getName());

  private static final byte[] MAGIC = "paramant/ct/journal/v1\n".getBytes(US_ASCII);
  private static final int FRAME_HEADER_LENGTH = 2 * Integer.BYTES;

  /** The file offset of every 64th record is kept, so a read scans at most 63 records to start. */
  private static final int CHECKPOINT_SHIFT = 6;

  private static final int CHECKPOINT_MASK = (1 << CHECKPOINT_SHIFT) - 1;
  private static final int REPLAY_BUFFER_LENGTH = 1 << 20;
  private static final int READ_BUFFER_LENGTH = 64 * 1024;

  private final Path file;
  private final RandomAccessFile output;
  private final Consumer<byte[]> applier;
  private final Replay replay; // null: the applier replays
  private final int replayBatch;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition commitEnded = lock.newCondition();
  private final Queue<Pending> queue = new ArrayDeque<>(); // guarded by lock
  private boolean committing; // guarded by lock
  private boolean closed; // guarded by lock
  private Throwable failure; // guarded by lock

  // Owned by the committing thread; commits are ordered by the lock and published through size.
  private long end;
  private volatile long[] checkpoints = new long[16];
  private volatile long size;
  private volatile long commits;

  private Journal(
      Path file,
      RandomAccessFile output,
      Consumer<byte[]> applier,
      int replayBatch,
      Replay replay) {
    this.file = file;
    this.output = output;
    this.applier = applier;
    this.replayBatch = replayBatch;
    this.replay = replay;
  }

  /** Applies the records of a journal being opened, a batch at a time. */
  @FunctionalInterface
  public interface Replay {

    /**
     * Applies the next records, in order; the first batch starts with record 0. The list is read
     * only and valid during the call only.
     *
     * @throws RejectedRecordException for the first record of the batch it does not accept
     */
    void apply(List<byte[]> records);
  }

  /**
   * Opens the journal in {@code file}, creating it if it does not exist, passes every intact record
   * to {@code applier} and cuts a torn tail.
   *
   * @throws JournalException if the file is not a journal, is damaged beyond a torn tail, holds a
   *     record the applier rejects, is open elsewhere, or cannot be read or written
   */
  public static Journal open(Path file, Consumer<byte[]> applier) {
    return open(file, applier, 1, null);
  }

  /**
   * {@link #open(Path, Consumer)} for a journal that only the relay's user may read: its directory
   * is created {@code rwx------} where missing, the file {@code rw-------} (an existing file is set
   * so). The relay's private directories (device keys, DIDs) are kept this way.
   *
   * @throws JournalException as {@link #open(Path, Consumer)}, and when the directory or the file
   *     cannot be created or restricted
   */
  public static Journal openOwnerOnly(Path file, Consumer<byte[]> applier) {
    try {
      Files.createDirectories(
          file.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException exists) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new JournalException(
          "cannot create " + file + " for its owner only: " + e.getMessage(), e);
    }
    return open(file, applier);
  }

  /**
   * Opens the journal in {@code file} like {@link #open(Path, Consumer)}, but passes the intact
   * records to {@code replay} in batches of {@code replayBatch} (the last one may be shorter), and
   * cuts a torn tail once they are applied. Appends after opening go to {@code applier}, one by
   * one.
   *
   * @throws JournalException as {@link #open(Path, Consumer)}; a record that {@code replay} rejects
   *     is named as one that an applier rejects
   */
  public static Journal open(Path file, Consumer<byte[]> applier, int replayBatch, Replay replay) {
    if (replayBatch < 1) {
      throw new IllegalArgumentException("a replay batch has at least one record");
    }
    try {
      RandomAccessFile output = new RandomAccessFile(file.toFile(), "rw");
      try {
        lockExclusively(output, file);
        Journal journal = new Journal(file, output, applier, replayBatch, replay);
        journal.recover();
        return journal;
      } catch (IOException | RuntimeException e) {
        try {
          output.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new JournalException("cannot open the journal " + file, e);
    }
  }

  /**
   * Appends a record and returns its index once it is durable; blocks meanwhile, also against
   * interrupts, because by then the record may already be on its way to disk.
   *
   * @param record 1 to {@link #MAX_RECORD_LENGTH} bytes, copied
   * @throws JournalException if this or an earlier commit failed; the journal then accepts nothing
   *     more, because after a failed fsync the file's state is unknown until it is opened again (a
   *     record whose append failed may or may not be there then)
   * @throws IllegalStateException if the journal is closed
   */
  public long append(byte[] record) {
    if (record.length < 1 || record.length > MAX_RECORD_LENGTH) {
      throw new IllegalArgumentException(
          "a record has 1 to " + MAX_RECORD_LENGTH + " bytes, not " + record.length);
    }
    Pending pending = new Pending(record.clone());
    lock.lock();
    try {
      queue.add(pending);
      while (pending.index < 0) {
        if (committing) {
          commitEnded.awaitUninterruptibly();
        } else if (failure != null) {
          throw new JournalException(
              "the journal " + file + " stopped after a failed commit; reopen it to recover",
              failure);
        } else if (closed) {
          throw new IllegalStateException("the journal " + file + " is closed");
        } else {
          commitQueued();
        }
      }
      return pending.index;
    } finally {
      lock.unlock();
    }
  }

  /** The number of durable records. */
  public long size() {
    return size;
  }

  /** How many commits (writes with one fsync each) the appends since opening took. */
  public long commitCount() {
    return commits;
  }

  /**
   * The records {@code [from, to)}, {@code 0 <= from <= to <= size()}.
   *
   * @throws JournalException if a record cannot be read back intact
   */
  public List<byte[]> read(long from, long to) {
    long published = size;
    if (from < 0 || from > to || to > published) {
      throw new IndexOutOfBoundsException(
          "records [" + from + ", " + to + ") are not in a journal of " + published);
    }
    long first = from & ~CHECKPOINT_MASK;
    long offset = checkpoints[(int) (first >>> CHECKPOINT_SHIFT)];
    try (FileChannel in = FileChannel.open(file, READ)) {
      FrameReader reader = new FrameReader(in, offset, READ_BUFFER_LENGTH);
      List<byte[]> records = new ArrayList<>((int) (to - from));
      for (long index = first; index < to; index++) {
        byte[] record = reader.next();
        if (record == null) {
          throw new JournalException(
              file
                  + ": record "
                  + index
                  + " at offset "
                  + reader.position()
                  + " is damaged ("
                  + reader.problem()
                  + ")");
        }
        if (index >= from) {
          records.add(record);
        }
      }
      return records;
    } catch (IOException e) {
      throw new JournalException("cannot read " + file, e);
    }
  }

  /**
   * Waits for a running commit, then closes the file; appends still queued fail with {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      while (committing) {
        commitEnded.awaitUninterruptibly();
      }
      commitEnded.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      output.close();
    } catch (IOException e) {
      throw new JournalException("cannot close " + file, e);
    }
  }

  private static void lockExclusively(RandomAccessFile output, Path file) throws IOException {
    try {
      if (output.getChannel().tryLock() == null) {
        throw new JournalException(file + " is in use by another process");
      }
    } catch (OverlappingFileLockException e) {
      throw new JournalException(file + " is already open in this process");
    }
  }

  private void recover() throws IOException {
    long length = output.length();
    byte[] header = new byte[(int) Math.min(length, MAGIC.length)];
    output.readFully(header);
    if (!Arrays.equals(header, 0, header.length, MAGIC, 0, header.length)) {
      throw new JournalException(file + " is not a Paramant CT journal");
    }
    if (header.length < MAGIC.length) {
      // New, or its creation was cut short by a crash: no record can have been appended yet.
      initialize();
    } else {
      try (FileChannel in = FileChannel.open(file, READ)) {
        FrameReader reader = new FrameReader(in, MAGIC.length, REPLAY_BUFFER_LENGTH);
        long offset = reader.position();
        if (replay == null) {
          for (byte[] record = reader.next(); record != null; record = reader.next()) {
            admit(offset, record);
            offset = reader.position();
          }
        } else {
          int capacity = (int) Math.min(replayBatch, 1 + (length - offset) / FRAME_HEADER_LENGTH);
          List<byte[]> batch = new ArrayList<>(capacity);
          long[] offsets = new long[capacity];
          for (byte[] record = reader.next(); record != null; record = reader.next()) {
            if (batch.size() == offsets.length) {
              offsets = Arrays.copyOf(offsets, Math.min(replayBatch, 2 * offsets.length));
            }
            offsets[batch.size()] = offset;
            batch.add(record);
            publish(offset);
            if (batch.size() == replayBatch) {
              replay(batch, offsets);
            }
            offset = reader.position();
          }
          replay(batch, offsets);
        }
        cutTornTail(offset, length - offset, reader.problem());
        end = offset;
      }
    }
    output.seek(end);
  }

  private void initialize() throws IOException {
    output.setLength(0);
    output.write(MAGIC);
    output.getFD().sync();
    try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), READ)) {
      directory.force(true); // makes the new file's name durable too
    }
    end = MAGIC.length;
  }

  private void cutTornTail(long validEnd, long tail, String problem) throws IOException {
    if (tail == 0) {
      return;
    }
    if (tail > MAX_COMMIT_BYTES) {
      throw new JournalException(
          file
              + " is damaged at offset "
              + validEnd
              + " ("
              + problem
              + "): "
              + tail
              + " bytes follow the last intact record, more than one interrupted commit can"
              + " leave. Not cutting them; restore the file from a backup.");
    }
    LOG.log(
        Level.WARNING,
        () ->
            "Cut "
                + tail
                + " bytes of torn tail from "
                + file
                + " at offset "
                + validEnd
                + " ("
                + problem
                + "); they were never acknowledged, the "
                + size
                + " records before them are intact");
    output.setLength(validEnd);
    output.getFD().sync();
  }

  /** Takes the queued appends in order, as many as one commit may write. Lock held. */
  private List<Pending> takeBatch() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    while (!queue.isEmpty() && bytes + queue.peek().frameLength() <= MAX_COMMIT_BYTES) {
      Pending next = queue.remove();
      bytes += next.frameLength();
      batch.add(next);
    }
    return batch;
  }

  /**
   * Commits the queued appends as their leader: called with the lock held, releases it while
   * writing so that more appends can queue up for the next commit.
   */
  private void commitQueued() {
    List<Pending> batch = takeBatch();
    committing = true;
    lock.unlock();
    Throwable error = null;
    try {
      commit(batch);
    } catch (Throwable e) {
      // Stop for good (also on an Error): the waiters of this batch would otherwise wait forever.
      error = e;
    } finally {
      lock.lock();
      committing = false;
      if (error != null) {
        failure = error;
      }
      commitEnded.signalAll();
    }
  }

  private void commit(List<Pending> batch) throws IOException {
    ByteBuffer frames = ByteBuffer.allocate(batch.stream().mapToInt(Pending::frameLength).sum());
    CRC32C crc = new CRC32C();
    for (Pending pending : batch) {
      int start = frames.position();
      frames.putInt(pending.record.length).putInt(0).put(pending.record);
      frames.putInt(
          start + Integer.BYTES, checksum(crc, frames.array(), start, pending.record.length));
    }
    output.write(frames.array());
    output.getFD().sync();
    long offset = end;
    for (Pending pending : batch) {
      pending.index = admit(offset, pending.record);
      offset += pending.frameLength();
    }
    end = offset;
    commits++; // one committing thread at a time
  }

  /** Publishes a durable record at {@code offset} and applies it; returns its index. */
  private long admit(long offset, byte[] record) {
    long index = publish(offset);
    try {
      applier.accept(record);
    } catch (RuntimeException e) {
      throw rejected(index, offset, e);
    }
    return index;
  }

  /**
   * Hands the published records {@code batch} (at {@code offsets}) to the replay and empties the
   * batch.
   */
  private void replay(List<byte[]> batch, long[] offsets) {
    if (batch.isEmpty()) {
      return;
    }
    long first = size - batch.size();
    try {
      replay.apply(Collections.unmodifiableList(batch));
    } catch (RejectedRecordException e) {
      int position = e.position();
      if (position < 0 || position >= batch.size()) {
        throw new IllegalStateException(
            "a replay rejected record " + position + " of a batch of " + batch.size(), e);
      }
      throw rejected(first + position, offsets[position], (RuntimeException) e.getCause());
    } catch (RuntimeException e) {
      throw new JournalException(
          file
              + ": records "
              + first
              + " to "
              + (size - 1)
              + " at offset "
              + offsets[0]
              + " were rejected: "
              + e.getMessage(),
          e);
    }
    batch.clear();
  }

  private JournalException rejected(long index, long offset, RuntimeException e) {
    return new JournalException(
        file + ": record " + index + " at offset " + offset + " was rejected: " + e.getMessage(),
        e);
  }

  /**
   * Publishes a durable record at {@code offset}: its checkpoint if it has one and the new size;
   * returns its index.
   */
  private long publish(long offset) {
    long index = size;
    if ((index & CHECKPOINT_MASK) == 0) {
      int slot = (int) (index >>> CHECKPOINT_SHIFT);
      long[] offsets = checkpoints;
      if (slot == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * slot);
      }
      offsets[slot] = offset;
      checkpoints = offsets;
    }
    size = index + 1;
    return index;
  }

  /** CRC32C of the frame's length field followed by its record. */
  private static int checksum(CRC32C crc, byte[] frames, int start, int length) {
    crc.reset();
    crc.update(frames, start, Integer.BYTES);
    crc.update(frames, start + FRAME_HEADER_LENGTH, length);
    return (int) crc.getValue();
  }

  /** An append waiting for its commit. */
  private static final class Pending {
    final byte[] record;

    /** Set by the committing thread once the record is durable and applied; read under the lock. */
    long index = -1;

    Pending(byte[] record) {
      this.record = record;
    }

    int frameLength() {
      return FRAME_HEADER_LENGTH + record.length;
    }
  }

  /**
   * Reads frames one after another from a file offset through a buffer, and stops at the first
   * frame that is incomplete or damaged.
   */
  private static final class FrameReader {
    private final FileChannel channel;
    private final byte[] buffer;
    private final ByteBuffer view;
    private final CRC32C crc = new CRC32C();
    private long bufferStart; // file offset of buffer[0]
    private int filled; // bytes of the file in the buffer
    private int cursor; // start of the next frame in the buffer
    private boolean endOfFile;
    private String problem = "end of file";

    FrameReader(FileChannel channel, long offset, int bufferLength) {
      this.channel = channel;
      this.buffer = new byte[Math.max(bufferLength, FRAME_HEADER_LENGTH + MAX_RECORD_LENGTH)];
      this.view = ByteBuffer.wrap(buffer);
      this.bufferStart = offset;
    }

    /** The file offset of the next frame: after the last one returned. */
    long position() {
      return bufferStart + cursor;
    }

    /** Why {@link #next()} returned null. */
    String problem() {
      return problem;
    }

    /** The next record, or null if there is no intact frame at {@link #position()}. */
    byte[] next() throws IOException {
      if (!fill(FRAME_HEADER_LENGTH)) {
        problem = filled == cursor ? "end of file" : "incomplete frame header";
        return null;
      }
      int length = view.getInt(cursor);
      if (length < 1 || length > MAX_RECORD_LENGTH) {
        problem = "record length " + Integer.toUnsignedString(length) + " out of range";
        return null;
      }
      if (!fill(FRAME_HEADER_LENGTH + length)) {
        problem = "incomplete record";
        return null;
      }
      if (view.getInt(cursor + Integer.BYTES) != checksum(crc, buffer, cursor, length)) {
        problem = "checksum mismatch";
        return null;
      }
      int start = cursor + FRAME_HEADER_LENGTH;
      cursor = start + length;
      return Arrays.copyOfRange(buffer, start, cursor);
    }

    /** Whether {@code count} bytes from the cursor are buffered, reading the file if needed. */
    private boolean fill(int count) throws IOException {
      if (filled - cursor >= count) {
        return true;
      }
      System.arraycopy(buffer, cursor, buffer, 0, filled - cursor);
      bufferStart += cursor;
      filled -= cursor;
      cursor = 0;
      while (filled < count && !endOfFile) {
        int read =
            channel.read(
                ByteBuffer.wrap(buffer, filled, buffer.length - filled), bufferStart + filled);
        if (read < 0) {
          endOfFile = true;
        } else {
          filled += read;
        }
      }
      return filled >= count;
    }
  }
}
