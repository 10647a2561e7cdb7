package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.OpenedChunk;
import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts the authenticated chunks of one file back together in a directory, resumably (invariants in
 * the package notes). One assembler per file at a time; not thread-safe.
 *
 * <pre>{@code
 * OpenedChunk first = envelope.open(blob, credential, senders);     // any chunk of the file
 * ChunkAssembler assembler = ChunkAssembler.forFile(first.fileId(), downloads, stateDirectory);
 * // accept chunks in order; assembler.nextIndex() says which one is due (after a resume, too).
 * // BlobHeader.parse(blob).chunkIndex() tells a downloaded blob's index before it is opened.
 * assembler.accept(first);
 * ...
 * Path received = assembler.finish();
 * }</pre>
 */
public final class ChunkAssembler {

  private final FileId fileId;
  private final Path targetDirectory;
  private final Path partFile;
  private final Path journalFile;
  private ReceiveJournal journal;
  private int nextIndex;
  private long received;

  private ChunkAssembler(FileId fileId, Path targetDirectory, Path stateDirectory) {
    this.fileId = fileId;
    this.targetDirectory = targetDirectory;
    this.partFile = targetDirectory.resolve(".paramant-" + fileId.hex() + ".part");
    this.journalFile = stateDirectory.resolve(fileId.hex() + ".journal");
  }

  /**
   * The assembly of file {@code fileId} into {@code targetDirectory}: a new one, or the
   * continuation of an interrupted one whose journal is in {@code stateDirectory} (created
   * owner-only if missing). On resumption every recorded chunk is re-verified against the part
   * file; see {@link #nextIndex()} for where it goes on.
   *
   * @throws EnvelopeException {@link Reason#RESUME_STATE_INVALID} if the journal's header is
   *     damaged; the caller may {@link #abandon(FileId, Path, Path)} and start over
   */
  public static ChunkAssembler forFile(FileId fileId, Path targetDirectory, Path stateDirectory) {
    ChunkAssembler assembler = new ChunkAssembler(fileId, targetDirectory, stateDirectory);
    try {
      PrivateFiles.createDirectories(stateDirectory);
      assembler.resume();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return assembler;
  }

  /** The file this assembly puts together. */
  public FileId fileId() {
    return fileId;
  }

  /**
   * Deletes this assembly's part file and journal: it will not be finished (a chunk was refused in
   * a way that condemns the file). The assembler must not be used afterwards.
   */
  public void abandon() {
    deleteState();
    journal = null;
    nextIndex = 0;
    received = 0;
  }

  /** Deletes the part file and journal of an assembly that will not be finished. */
  public static void abandon(FileId fileId, Path targetDirectory, Path stateDirectory) {
    new ChunkAssembler(fileId, targetDirectory, stateDirectory).deleteState();
  }

  /** The index of the chunk this assembly needs next. */
  public int nextIndex() {
    return nextIndex;
  }

  /** The file's chunk count, once chunk 0 was accepted. */
  public OptionalInt chunkCount() {
    return journal == null ? OptionalInt.empty() : OptionalInt.of(journal.header().chunkCount());
  }

  /** The file's name, size and type, once chunk 0 was accepted. */
  public Optional<FileInfo> file() {
    return journal == null ? Optional.empty() : Optional.of(journal.header().file());
  }

  /** The file bytes accepted so far. */
  public long receivedBytes() {
    return received;
  }

  public boolean isComplete() {
    return journal != null && nextIndex == journal.header().chunkCount();
  }

  /**
   * Checks {@code chunk} against this file and everything accepted before, then appends its data. A
   * refused chunk changes nothing.
   *
   * @throws EnvelopeException {@link Reason#CHUNK_FROM_OTHER_FILE}, {@link
   *     Reason#CHUNK_OUT_OF_ORDER}, {@link Reason#FILE_SIZE_MISMATCH}, {@link Reason#TARGET_EXISTS}
   * @throws SenderSignatureException {@code MIXED_SIGNERS} if the chunk is not signed (or unsigned)
   *     exactly like chunk 0
   */
  public void accept(OpenedChunk chunk) {
    ReceiveJournal.Header header = check(chunk);
    ByteBuffer data = chunk.data();
    int length = data.remaining();
    byte[] sha256 = Digests.sha256(data);
    try {
      if (journal == null) {
        // A part file without a journal is a crash before chunk 0 was recorded: nothing in it
        // counts.
        Files.deleteIfExists(partFile);
      }
      try (FileChannel part =
          journal == null
              ? PrivateFiles.create(partFile)
              : FileChannel.open(partFile, StandardOpenOption.WRITE)) {
        part.truncate(received);
        FileChannels.writeFully(part, data, received);
        part.force(true);
      }
      if (journal == null) {
        journal = ReceiveJournal.create(journalFile, header);
      }
      journal.append(new ReceiveJournal.Entry(chunk.chunkIndex(), length, sha256));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    nextIndex++;
    received += length;
  }

  /**
   * Moves the complete file to its name in the target directory, atomically, and forgets the
   * journal.
   *
   * @return the received file
   * @throws EnvelopeException {@link Reason#INCOMPLETE} before the last chunk, {@link
   *     Reason#TARGET_EXISTS} if a file of that name appeared meanwhile (the assembly is kept; the
   *     caller may move it elsewhere later)
   */
  public Path finish() {
    if (!isComplete()) {
      throw new EnvelopeException(Reason.INCOMPLETE, "next chunk is " + nextIndex);
    }
    Path target = target(journal.header().file());
    try {
      // ATOMIC_MOVE may replace an existing file on POSIX, so existence is checked first; a file
      // created in
      // the instant between the check and the rename would be replaced, never merged or exposed
      // half-written.
      Files.move(partFile, target, StandardCopyOption.ATOMIC_MOVE);
      journal.delete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /**
   * Checks {@code chunk} as {@link #accept} does, without accepting it: a receiver applies its own
   * rules (unsigned, replayed) only to chunks that fit the assembly.
   */
  public void requireFits(OpenedChunk chunk) {
    check(chunk);
  }

  /** The signing time of the file's chunks, once chunk 0 was accepted; 0 if unsigned. */
  public long signedAtMillis() {
    return journal == null ? 0 : journal.header().signedAtMillis();
  }

  /**
   * {@code namespace/device} of the file's signer, once chunk 0 was accepted; empty if unsigned.
   */
  public Optional<String> signer() {
    return journal == null || journal.header().signer().isEmpty()
        ? Optional.empty()
        : Optional.of(journal.header().signer());
  }

  /**
   * The authenticated header and meta facts of {@code chunk}, checked against this assembly so far.
   */
  private ReceiveJournal.Header check(OpenedChunk chunk) {
    if (!chunk.fileId().equals(fileId)) {
      throw new EnvelopeException(Reason.CHUNK_FROM_OTHER_FILE);
    }
    int index = chunk.chunkIndex();
    if (index != nextIndex) {
      throw new EnvelopeException(
          Reason.CHUNK_OUT_OF_ORDER,
          index < nextIndex
              ? "chunk " + index + " was already received"
              : "chunk " + index + " arrived before chunk " + nextIndex);
    }
    String signer = chunk.sender().map(VerifiedSender::name).orElse("");
    ReceiveJournal.Header header =
        journal != null
            ? journal.header()
            : new ReceiveJournal.Header(
                fileId,
                chunk.chunkCount(),
                chunk.file().orElseThrow(),
                signer,
                chunk.signedAtMillis());
    if (chunk.chunkCount() != header.chunkCount()) {
      throw new EnvelopeException(
          Reason.CHUNK_OUT_OF_ORDER,
          "chunk count changed from " + header.chunkCount() + " to " + chunk.chunkCount());
    }
    if (!signer.equals(header.signer()) || chunk.signedAtMillis() != header.signedAtMillis()) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.MIXED_SIGNERS,
          "chunk "
              + index
              + (signer.isEmpty() ? " is unsigned" : " is signed by " + signer)
              + ", chunk 0 "
              + (header.signer().isEmpty() ? "is unsigned" : "by " + header.signer())
              + (signer.equals(header.signer()) ? ", at another signing time" : ""));
    }
    long total = received + chunk.data().remaining();
    boolean last = index == header.chunkCount() - 1;
    if (total > header.file().size() || (last && total != header.file().size())) {
      throw new EnvelopeException(
          Reason.FILE_SIZE_MISMATCH,
          (last ? total : "more than " + total) + " bytes, announced " + header.file().size());
    }
    if (index == 0) {
      target(header.file());
    }
    return header;
  }

  /** The file's path in the target directory, which must not exist yet. */
  private Path target(FileInfo file) {
    Path target;
    try {
      target = targetDirectory.resolve(file.name());
    } catch (InvalidPathException e) {
      throw new EnvelopeException(Reason.UNSAFE_FILE_NAME, "not a valid name on this file system");
    }
    if (!targetDirectory.equals(target.getParent())) {
      throw new EnvelopeException(Reason.UNSAFE_FILE_NAME);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new EnvelopeException(Reason.TARGET_EXISTS);
    }
    return target;
  }

  /**
   * Loads the journal, if any, and keeps the longest prefix of chunks that the part file still
   * proves.
   */
  private void resume() throws IOException {
    if (!Files.exists(journalFile)) {
      return;
    }
    ReceiveJournal loaded = ReceiveJournal.load(journalFile);
    if (!loaded.header().fileId().equals(fileId)) {
      throw new EnvelopeException(Reason.RESUME_STATE_INVALID, "journal of another file");
    }
    List<ReceiveJournal.Entry> entries = loaded.entries();
    int verified = 0;
    long length = 0;
    if (Files.exists(partFile) && !entries.isEmpty()) {
      ByteBuffer data =
          ByteBuffer.allocateDirect(
              entries.stream().mapToInt(ReceiveJournal.Entry::length).max().orElseThrow());
      try (FileChannel part =
          FileChannel.open(partFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        while (verified < entries.size() && matches(part, length, entries.get(verified), data)) {
          length += entries.get(verified).length();
          verified++;
        }
        part.truncate(length);
      } finally {
        Blob.wipe(data.clear());
      }
    }
    if (verified == 0) {
      loaded.delete();
      Files.deleteIfExists(partFile);
      return;
    }
    loaded.truncate(verified);
    journal = loaded;
    nextIndex = verified;
    received = length;
  }

  /**
   * Whether the part file holds, at {@code position}, the chunk data the journal entry recorded.
   */
  private static boolean matches(
      FileChannel part, long position, ReceiveJournal.Entry entry, ByteBuffer data)
      throws IOException {
    if (position + entry.length() > part.size()) {
      return false;
    }
    data.clear().limit(entry.length());
    FileChannels.readFully(part, data, position);
    return Arrays.equals(Digests.sha256(data.flip()), entry.sha256());
  }

  private void deleteState() {
    try {
      Files.deleteIfExists(partFile);
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
