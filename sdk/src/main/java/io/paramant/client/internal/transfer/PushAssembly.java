package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.ReceivedFile;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.UnsignedTransfers;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.BlobHeader;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Suite;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Files put together from push announcements, whose blobs may come in any order: a chunk announced
 * before its turn is kept, sealed, in the state directory until its turn; the chunk whose turn it
 * is goes to the file's {@link ChunkAssembler}, followed by every kept chunk that comes next. One
 * assembly per file and target directory; calls are serialized.
 */
public final class PushAssembly {

  /** An assembly of announced chunks: a file into a directory. */
  private record Assembly(FileId fileId, Path directory) {}

  private final ResumableReceive receive;
  private final Map<Assembly, ChunkAssembler> announced = new HashMap<>();

  public PushAssembly(ResumableReceive receive) {
    this.receive = receive;
  }

  /**
   * Receives the announced blob {@code hash} into {@code directory} (existing, absolute).
   *
   * @return the file, once it is complete; empty while chunks are missing
   * @throws EnvelopeException {@code CREDENTIAL_MISMATCH} for a blob not sealed to a device, or if
   *     it does not open with {@code credential}: it is kept for a receive by its hash
   * @throws SenderSignatureException if a chunk's signature is refused: the file's assembly is
   *     abandoned (see {@link ResumableReceive})
   */
  public Optional<ReceivedFile> receive(
      String hash, Path directory, Credential credential, UnsignedTransfers unsigned) {
    ReceiveState state = receive.state();
    SenderDirectory senders = receive.sendersFor(credential);
    ByteBuffer blob = Blob.allocate();
    synchronized (announced) {
      try {
        receive.fetch(hash, blob, state);
        BlobHeader header = BlobHeader.parse(blob); // not yet authenticated: it only routes
        if (header.suite() != Suite.HYBRID) {
          throw new EnvelopeException(
              EnvelopeException.Reason.CREDENTIAL_MISMATCH,
              "blob " + hash + " is not sealed to a device; it is kept for a receive by its hash");
        }
        Assembly key = new Assembly(header.fileId(), directory);
        ChunkAssembler assembler = announced.get(key);
        if (assembler == null) {
          assembler = ChunkAssembler.forFile(header.fileId(), directory, state.directory());
        }
        if (header.chunkIndex() < assembler.nextIndex()) {
          state.unspool(hash); // announced twice; its chunk is on disk
          return Optional.empty();
        }
        if (header.chunkIndex() > assembler.nextIndex()) {
          announced.put(key, assembler);
          return Optional.empty(); // kept in the state directory until its turn
        }
        try {
          receive.accept(
              assembler, hash, blob, credential, senders, state, Optional.empty(), unsigned);
          announced.put(key, assembler);
          for (String next = spooledChunk(state, key.fileId(), assembler.nextIndex(), blob);
              next != null && !assembler.isComplete();
              next = spooledChunk(state, key.fileId(), assembler.nextIndex(), blob)) {
            receive.accept(
                assembler, next, blob, credential, senders, state, Optional.empty(), unsigned);
          }
        } catch (SenderSignatureException e) {
          announced.remove(key); // abandoned: a later chunk 0 starts over
          throw e;
        }
        if (!assembler.isComplete()) {
          return Optional.empty();
        }
        announced.remove(key);
        return Optional.of(receive.finish(assembler, senders));
      } finally {
        Blob.wipe(blob.clear());
      }
    }
  }

  /**
   * The hash of a kept blob that is chunk {@code index} of {@code fileId}, read into {@code blob}.
   */
  private static String spooledChunk(
      ReceiveState state, FileId fileId, int index, ByteBuffer blob) {
    for (String hash : state.spooled()) {
      if (!state.readSpooled(hash, blob)) {
        continue;
      }
      try {
        BlobHeader header = BlobHeader.parse(blob);
        if (header.fileId().equals(fileId) && header.chunkIndex() == index) {
          return hash;
        }
      } catch (EnvelopeException notABlob) {
        // a damaged copy: whoever asks for it by its hash is told
      }
    }
    return null;
  }
}
