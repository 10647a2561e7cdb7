package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.Mnemonic;
import io.paramant.client.Progress.Direction;
import io.paramant.client.TransferException;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SealedBlob;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.internal.relay.RelayClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sending: a file's chunks sealed and uploaded in order, and a drop sealed and stored. Two blob
 * buffers take turns: while one is uploaded (on a thread of its own), the next chunk is sealed into
 * the other, so sealing and the network overlap. At most one upload is in flight. Every blob buffer
 * is wiped once the transfer ends, whatever the outcome.
 */
public final class UploadPipeline {

  /**
   * What the relay now holds of a sent file.
   *
   * @param hashes the blob hashes in chunk order
   * @param ttl the shortest time to live the relay applied, or null when an upload's receipt was
   *     lost (its blob had been stored by an earlier attempt)
   */
  public record Sent(FileId fileId, List<String> hashes, Duration ttl) {}

  private final RelayClient relay;
  private final Envelope envelope;
  private final ProgressReport progress;

  public UploadPipeline(RelayClient relay, Envelope envelope, ProgressReport progress) {
    this.relay = relay;
    this.envelope = envelope;
    this.progress = progress;
  }

  /**
   * Seals every chunk of {@code file} for {@code to} and uploads it.
   *
   * @param device the recipient device the relay announces the blobs to, or null
   * @param signing how every chunk is signed (one signing time for the file), or null for an
   *     unsigned (password) transfer
   * @param ttl the time to live asked for, or null for the relay's default
   */
  public Sent send(OutgoingFile file, Recipient to, String device, Signing signing, Duration ttl) {
    FileId fileId = FileId.random();
    int count = file.chunkCount();
    List<String> hashes = new ArrayList<>(count);
    Uploads uploads = new Uploads(count, file.info().size());
    ByteBuffer[] blobs = {Blob.allocate(), count > 1 ? Blob.allocate() : null};
    ExecutorService uploader =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "paramant-upload");
              thread.setDaemon(true);
              return thread;
            });
    Future<?> inFlight = null;
    try {
      for (int i = 0; i < count; i++) {
        Interruption.check();
        ByteBuffer blob = blobs[i % 2];
        ByteBuffer data = file.chunk(i);
        int length = data.remaining();
        SealedBlob sealed =
            signing == null
                ? envelope.seal(to, fileId, file.meta(i), data, blob.clear())
                : envelope.seal(to, fileId, file.meta(i), data, signing, blob.clear());
        blob.flip();
        await(inFlight);
        hashes.add(sealed.sha256());
        inFlight =
            uploader.submit(
                () -> uploads.done(relay.upload(blob, sealed.sha256(), ttl, device), length));
      }
      await(inFlight);
    } finally {
      uploader.shutdownNow();
      for (ByteBuffer blob : blobs) {
        if (blob != null) {
          Blob.wipe(blob.clear());
        }
      }
    }
    return new Sent(fileId, hashes, uploads.ttl());
  }

  /**
   * Seals {@code file} (one chunk) under 12 new words and stores it as a drop.
   *
   * @return the words, the drop's only key; destroyed again if the drop fails
   * @throws EnvelopeException {@code TOO_LARGE} if the file does not fit in one blob
   */
  public Mnemonic drop(OutgoingFile file, Duration ttl) {
    if (file.chunkCount() != 1) {
      throw new EnvelopeException(
          EnvelopeException.Reason.TOO_LARGE,
          "a drop is one blob of at most " + OutgoingFile.CHUNK_DATA_SIZE + " bytes of content");
    }
    Mnemonic words = Mnemonic.generate();
    ByteBuffer blob = Blob.allocate();
    try {
      envelope.seal(Recipient.drop(words), FileId.random(), file.meta(0), file.chunk(0), blob);
      relay.storeDrop(blob.flip(), words.dropId(), ttl);
      progress.report(Direction.SEND, 1, 1, file.info().size(), file.info().size());
      return words;
    } catch (RuntimeException e) {
      words.destroy();
      throw e;
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  /** What the uploads of one file added up to; reported as they finish. */
  private final class Uploads {

    private final int count;
    private final long size;
    private int done;
    private long bytes;
    private long shortestTtl = Long.MAX_VALUE;
    private boolean ttlKnown = true;

    Uploads(int count, long size) {
      this.count = count;
      this.size = size;
    }

    synchronized void done(RelayClient.StoredBlob stored, int length) {
      if (stored.ttlMs() < 0) {
        ttlKnown = false;
      } else {
        shortestTtl = Math.min(shortestTtl, stored.ttlMs());
      }
      done++;
      bytes += length;
      progress.report(Direction.SEND, done, count, bytes, size);
    }

    synchronized Duration ttl() {
      return ttlKnown ? Duration.ofMillis(shortestTtl) : null;
    }
  }

  /** Waits for an upload; its failure becomes the caller's. */
  private static void await(Future<?> upload) {
    if (upload == null) {
      return;
    }
    try {
      upload.get();
    } catch (InterruptedException e) {
      upload.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
