package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.ChunkMeta;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A file to send, cut into chunks of {@link #CHUNK_DATA_SIZE} bytes (the last one shorter; an empty
 * file is one empty chunk). Every chunk becomes its own blob with its own encapsulation:
 *
 * <pre>{@code
 * try (OutgoingFile file = OutgoingFile.open(path, "application/pdf")) {
 *     FileId id = FileId.random();
 *     for (int i = 0; i < file.chunkCount(); i++) {
 *         SealedBlob sealed = envelope.seal(to, id, file.meta(i), file.chunk(i), blob.clear());
 *         // upload blob.flip() under sealed.sha256()
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe: {@link #chunk(int)} reuses one buffer.
 */
public final class OutgoingFile implements Closeable {

  /**
   * Data bytes per chunk: one blob less 8 KiB, which covers the largest overhead a chunk can have
   * (suite 1 header 1189, signature block 3521 at most, tag 16, meta length 4, chunk 0 meta with a
   * 255-byte name at most about 1400) with room to spare. One size for every suite keeps chunk
   * boundaries a pure function of the size.
   */
  public static final int CHUNK_DATA_SIZE = Blob.SIZE - 8 * 1024;

  private final FileInfo info;
  private final int chunkCount;
  private final FileChannel channel;
  private final ByteBuffer buffer;

  private OutgoingFile(FileInfo info, FileChannel channel, ByteBuffer buffer) {
    this.info = info;
    this.chunkCount = chunkCount(info.size());
    this.channel = channel;
    this.buffer = buffer;
  }

  /**
   * A file on disk, named after its last path element; its size is taken now, and it must not
   * shrink while sent.
   *
   * @throws EnvelopeException {@link Reason#UNSAFE_FILE_NAME} if its name cannot be sent
   */
  public static OutgoingFile open(Path file, String type) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        FileInfo info = new FileInfo(file.getFileName().toString(), channel.size(), type);
        return new OutgoingFile(
            info, channel, ByteBuffer.allocateDirect((int) Math.min(CHUNK_DATA_SIZE, info.size())));
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Content in memory (copied in), sent under {@code name}. */
  public static OutgoingFile of(byte[] content, String name, String type) {
    return new OutgoingFile(
        new FileInfo(name, content.length, type), null, ByteBuffer.wrap(content.clone()));
  }

  /** The number of chunks a file of {@code size} bytes is cut into. */
  public static int chunkCount(long size) {
    long count = Math.max(1, (size + CHUNK_DATA_SIZE - 1) / CHUNK_DATA_SIZE);
    if (count > Integer.MAX_VALUE) {
      throw new EnvelopeException(Reason.TOO_LARGE, "more than 2^31-1 chunks");
    }
    return (int) count;
  }

  public FileInfo info() {
    return info;
  }

  public int chunkCount() {
    return chunkCount;
  }

  /** The meta of chunk {@code index}: chunk 0 carries the file's name, size and type. */
  public ChunkMeta meta(int index) {
    return index == 0 ? ChunkMeta.first(chunkCount, info) : ChunkMeta.following(index, chunkCount);
  }

  /** The data of chunk {@code index}, read-only; valid until the next call or {@link #close()}. */
  public ByteBuffer chunk(int index) {
    Objects.checkIndex(index, chunkCount);
    long offset = (long) index * CHUNK_DATA_SIZE;
    int length = (int) Math.min(CHUNK_DATA_SIZE, info.size() - offset);
    if (channel == null) {
      return buffer.slice((int) offset, length).asReadOnlyBuffer();
    }
    buffer.clear().limit(length);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new EOFException("the file shrank while being sent");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.flip().asReadOnlyBuffer();
  }

  /** Wipes the chunk buffer and closes the file. */
  @Override
  public void close() {
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    } else {
      Blob.wipe(buffer.clear());
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
