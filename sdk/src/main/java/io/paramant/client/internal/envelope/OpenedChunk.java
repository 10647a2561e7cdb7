package io.paramant.client.internal.envelope;

import io.paramant.client.FileInfo;
import io.paramant.client.VerifiedSender;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An authenticated chunk: everything here was checked by AES-GCM (and by the sender's signature, if
 * any). Only {@link Envelope#open} makes one, so holding an {@code OpenedChunk} is proof of
 * authentication; the assembler relies on that.
 *
 * <p>{@link #data()} is a read-only view into the blob buffer it was opened in, decrypted in place:
 * it is valid until the caller reuses or wipes that buffer, which it should do as soon as the data
 * is written.
 */
public final class OpenedChunk {

  private final BlobHeader header;
  private final ChunkMeta meta;
  private final ByteBuffer data;
  private final VerifiedSender sender;
  private final long signedAtMillis;

  OpenedChunk(
      BlobHeader header,
      ChunkMeta meta,
      ByteBuffer data,
      VerifiedSender sender,
      long signedAtMillis) {
    this.header = header;
    this.meta = meta;
    this.data = data.asReadOnlyBuffer();
    this.sender = sender;
    this.signedAtMillis = signedAtMillis;
  }

  public Suite suite() {
    return header.suite();
  }

  public FileId fileId() {
    return header.fileId();
  }

  public int chunkIndex() {
    return header.chunkIndex();
  }

  public int chunkCount() {
    return header.chunkCount();
  }

  /** The file's name, size and type; present in chunk 0 only. */
  public Optional<FileInfo> file() {
    return meta.file();
  }

  /** The chunk's data: a read-only view with its own position, see the class notes. */
  public ByteBuffer data() {
    return data.duplicate();
  }

  /** Whether the chunk carried a sender signature (flag bit 0); if so, it verified. */
  public boolean signed() {
    return header.signed();
  }

  /** The device whose signature verified, or empty for an unsigned chunk. */
  public Optional<VerifiedSender> sender() {
    return Optional.ofNullable(sender);
  }

  /**
   * The signing time the sender signed (its clock, ms since the epoch); 0 for an unsigned chunk.
   */
  public long signedAtMillis() {
    return signedAtMillis;
  }

  @Override
  public String toString() {
    return "OpenedChunk[" + fileId() + " " + chunkIndex() + " of " + chunkCount() + "]";
  }
}
