package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.Mnemonic;
import io.paramant.client.Progress.Direction;
import io.paramant.client.ReceivedFile;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.TransferException;
import io.paramant.client.UnsignedTransfers;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.OpenedChunk;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Suite;
import io.paramant.client.internal.relay.RelayClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Receiving that survives being killed at any point (the package notes, "Resuming"): the blobs of a
 * transfer are downloaded in order, each checked against its hash and kept, sealed, in the state
 * directory ({@link ReceiveState}) before it is opened, and the chunks go to a {@link
 * ChunkAssembler} whose journal says where a later call goes on. The same steps take a drop's one
 * blob and, for {@link PushAssembly}, announced blobs. Every blob buffer is wiped after use.
 *
 * <p>Sender signatures (PROTOCOL.md, "Sender signature"): every device chunk is verified when it is
 * opened ({@link SenderDirectory}); before its data is written, the chunk must fit the assembly
 * (same signer, flags and signing time as chunk 0, else {@code MIXED_SIGNERS}: PROTOCOL.md leaves
 * the signing time per chunk; one send signs all chunks at one time, so a differing one is a
 * splice), be signed unless the caller accepts unsigned transfers ({@code UNSIGNED}), and, for a
 * new file, be signed inside the window of {@link SignedFiles} ({@code OUT_OF_WINDOW}) and not be a
 * file this device accepted from that signer before ({@code REPLAYED}). The signers come from the
 * namespace's directory, fetched again at most once per receive ({@link
 * SenderDirectory#forOneReceive}). A signature refusal after chunks were written abandons the
 * assembly: the part file and journal are deleted, so no partial file stays on disk. The refused
 * blob stays kept (sealed) in the state directory, so that a receive that accepts unsigned can
 * still use it.
 */
public final class ResumableReceive {

  private final RelayClient relay;
  private final Envelope envelope;
  private final Path stateDirectory;
  private final boolean acknowledge;
  private final String deviceId;
  private final ProgressReport progress;
  private final SenderDirectory senders;
  private final SignedFiles signedFiles;

  /**
   * @param acknowledge whether each received blob is confirmed to the relay ({@code POST /v2/ack})
   * @param deviceId the device the confirmations name, or null
   * @param senders what signed device chunks are verified against
   * @param clock this device's clock (ms since the epoch): the window of signing times
   */
  public ResumableReceive(
      RelayClient relay,
      Envelope envelope,
      Path stateDirectory,
      boolean acknowledge,
      String deviceId,
      ProgressReport progress,
      SenderDirectory senders,
      LongSupplier clock) {
    this.relay = relay;
    this.envelope = envelope;
    this.stateDirectory = stateDirectory;
    this.acknowledge = acknowledge;
    this.deviceId = deviceId;
    this.progress = progress;
    this.senders = senders;
    this.signedFiles = new SignedFiles(stateDirectory, clock);
  }

  /** The state kept for resuming, below the state directory. */
  ReceiveState state() {
    return new ReceiveState(stateDirectory);
  }

  /**
   * Receives the file whose chunks are the blobs {@code hashes} (in order) into {@code directory},
   * resuming an earlier receive of the same transfer.
   *
   * @param directory an existing directory, absolute and normalized
   * @return the written file and its verified sender
   * @throws TransferException {@code WRONG_CHUNK_LIST}, {@code BLOB_ALTERED}, {@code GONE}, {@code
   *     INTERRUPTED}
   * @throws SenderSignatureException see the class notes
   */
  public ReceivedFile receive(
      List<String> hashes, Path directory, Credential credential, UnsignedTransfers unsigned) {
    ReceiveState state = state();
    String first = hashes.get(0);
    SenderDirectory senders = sendersFor(credential);
    ByteBuffer blob = Blob.allocate();
    try {
      ChunkAssembler assembler =
          state
              .fileOf(first)
              .map(fileId -> ChunkAssembler.forFile(fileId, directory, state.directory()))
              .filter(resumed -> resumed.chunkCount().isPresent()) // else chunk 0 is not on disk
              .orElse(null);
      if (assembler != null) {
        requireChunkCount(hashes, assembler.chunkCount().getAsInt());
        progress.report(
            Direction.RECEIVE,
            assembler.nextIndex(),
            hashes.size(),
            assembler.receivedBytes(),
            assembler.file().orElseThrow().size());
      }
      for (int i = assembler == null ? 0 : assembler.nextIndex(); i < hashes.size(); i++) {
        Interruption.check();
        String hash = hashes.get(i);
        fetch(hash, blob, state);
        if (assembler == null) {
          OpenedChunk chunk = envelope.open(blob, credential, senders);
          try {
            if (chunk.chunkIndex() != 0) {
              throw new TransferException(
                  TransferException.Reason.WRONG_CHUNK_LIST,
                  "blob " + hash + " is chunk " + chunk.chunkIndex() + ", not chunk 0");
            }
            requireChunkCount(hashes, chunk.chunkCount());
            state.recordFile(first, chunk.fileId());
            assembler = ChunkAssembler.forFile(chunk.fileId(), directory, state.directory());
            acceptOpened(assembler, hash, chunk, state, unsigned);
          } finally {
            Blob.wipe(blob.clear());
          }
        } else {
          accept(assembler, hash, blob, credential, senders, state, Optional.of(i), unsigned);
        }
      }
      ReceivedFile file = finish(assembler, senders);
      state.forgetFile(first);
      return file;
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  /**
   * Picks up the drop of {@code words} into {@code directory}; a blob picked up before (and kept)
   * is used instead of asking the relay, which hands a drop out once.
   */
  public Path pickup(Mnemonic words, Path directory) {
    ReceiveState state = state();
    String id = words.dropId();
    ByteBuffer blob = Blob.allocate();
    try {
      if (!state.readSpooled(id, blob)) {
        relay.pickupDrop(id, blob);
        state.spool(id, blob);
      }
      // a drop has no sender: the signed flag is refused on it by the header check
      OpenedChunk chunk = envelope.open(blob, Credential.drop(words), SenderDirectory.none());
      ChunkAssembler assembler =
          ChunkAssembler.forFile(chunk.fileId(), directory, state.directory());
      assembler.accept(chunk);
      state.unspool(id);
      progress.report(
          Direction.RECEIVE,
          1,
          1,
          assembler.receivedBytes(),
          assembler.file().orElseThrow().size());
      return assembler.finish();
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  /**
   * Opens the blob in {@code blob} and adds its chunk to the assembly; a signature refusal abandons
   * the assembly (class notes).
   */
  void accept(
      ChunkAssembler assembler,
      String hash,
      ByteBuffer blob,
      Credential credential,
      SenderDirectory senders,
      ReceiveState state,
      Optional<Integer> expectedIndex,
      UnsignedTransfers unsigned) {
    try {
      OpenedChunk chunk;
      try {
        chunk = envelope.open(blob, credential, senders);
      } catch (SenderSignatureException e) {
        assembler.abandon();
        throw e;
      }
      if (expectedIndex.isPresent() && chunk.chunkIndex() != expectedIndex.get()) {
        throw new TransferException(
            TransferException.Reason.WRONG_CHUNK_LIST,
            "blob "
                + hash
                + " is chunk "
                + chunk.chunkIndex()
                + " of its file, not chunk "
                + expectedIndex.get());
      }
      acceptOpened(assembler, hash, chunk, state, unsigned);
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  private void acceptOpened(
      ChunkAssembler assembler,
      String hash,
      OpenedChunk chunk,
      ReceiveState state,
      UnsignedTransfers unsigned) {
    try {
      assembler.requireFits(chunk);
      requireAcceptable(assembler, chunk, unsigned);
      assembler.accept(chunk);
    } catch (SenderSignatureException e) {
      assembler.abandon();
      throw e;
    }
    state.unspool(hash);
    if (acknowledge) {
      relay.acknowledge(hash, deviceId);
    }
    progress.report(
        Direction.RECEIVE,
        assembler.nextIndex(),
        assembler.chunkCount().orElseThrow(),
        assembler.receivedBytes(),
        assembler.file().orElseThrow().size());
  }

  /**
   * The receiver's rules for a chunk that fits its assembly: signed unless accepted, not replayed.
   */
  private void requireAcceptable(
      ChunkAssembler assembler, OpenedChunk chunk, UnsignedTransfers unsigned) {
    if (chunk.suite() == Suite.HYBRID && !chunk.signed() && unsigned != UnsignedTransfers.ACCEPT) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.UNSIGNED,
          "file "
              + chunk.fileId()
              + "; the blob is kept, receive it again accepting unsigned if you trust its sender");
    }
    boolean newFile = assembler.chunkCount().isEmpty();
    if (newFile && chunk.sender().isPresent()) {
      signedFiles.requireNew(chunk.sender().get(), chunk.fileId(), chunk.signedAtMillis());
    }
  }

  /**
   * Records a signed file as accepted (before its name appears, so a crash cannot let a replay
   * through) and moves it to its name.
   */
  ReceivedFile finish(ChunkAssembler assembler, SenderDirectory directory) {
    Optional<VerifiedSender> sender = Optional.empty();
    Optional<String> signer = assembler.signer();
    if (signer.isPresent()) {
      VerifiedSender verified;
      try {
        // a resumed receive may finish in another process than the one that checked chunk 0
        String prefix = directory.namespace() + "/";
        if (!signer.get().startsWith(prefix)) {
          throw new SenderSignatureException(
              SenderSignatureException.Reason.WRONG_NAMESPACE,
              "signed by " + signer.get() + ", this device is in " + directory.namespace());
        }
        verified = directory.resolve(signer.get().substring(prefix.length()));
      } catch (SenderSignatureException e) {
        assembler.abandon();
        throw e;
      }
      signedFiles.record(verified, assembler.fileId(), assembler.signedAtMillis());
      sender = Optional.of(verified);
    }
    return new ReceivedFile(assembler.finish(), sender);
  }

  /**
   * What one receive with {@code credential} checks signers against: for a device, the namespace's
   * directory, fetched again at most once for this receive ({@link SenderDirectory#forOneReceive}).
   */
  SenderDirectory sendersFor(Credential credential) {
    return credential instanceof Credential.Device
        ? senders.forOneReceive()
        : SenderDirectory.none();
  }

  /**
   * Puts the blob {@code hash} into {@code blob}: the copy kept in the state directory, or a
   * download that is checked against its hash and kept before anything else happens to it.
   */
  void fetch(String hash, ByteBuffer blob, ReceiveState state) {
    if (state.readSpooled(hash, blob)) {
      if (!Blob.sha256Hex(blob).equals(hash)) {
        state.unspool(hash);
        throw new EnvelopeException(
            EnvelopeException.Reason.RESUME_STATE_INVALID,
            "the kept copy of blob " + hash + " is damaged");
      }
      return;
    }
    relay.download(hash, blob);
    if (!Blob.sha256Hex(blob).equals(hash)) {
      Blob.wipe(blob.clear());
      throw new TransferException(TransferException.Reason.BLOB_ALTERED, "blob " + hash);
    }
    state.spool(hash, blob);
  }

  private static void requireChunkCount(List<String> hashes, int chunkCount) {
    if (chunkCount != hashes.size()) {
      throw new TransferException(
          TransferException.Reason.WRONG_CHUNK_LIST,
          "the file has "
              + chunkCount
              + " chunk(s), the transfer id lists "
              + hashes.size()
              + " blob(s)"
              + (chunkCount > hashes.size()
                  ? "; give the whole id that the sender printed (the hashes of all chunks)"
                  : ""));
    }
  }
}
