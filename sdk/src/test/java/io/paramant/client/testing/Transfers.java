package io.paramant.client.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.OpenedChunk;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.internal.transfer.ChunkAssembler;
import io.paramant.client.internal.transfer.OutgoingFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole transfers the way the SDK will run them: seal every chunk of a file, and open-and-assemble
 * blobs.
 */
public final class Transfers {

  private Transfers() {}

  /**
   * Seals every chunk of {@code file} under {@code fileId}; {@code signing} null for unsigned.
   * Blobs are flipped.
   */
  public static List<ByteBuffer> seal(
      Envelope envelope, Recipient to, OutgoingFile file, FileId fileId, Signing signing) {
    List<ByteBuffer> blobs = new ArrayList<>();
    for (int i = 0; i < file.chunkCount(); i++) {
      ByteBuffer blob = Blob.allocate();
      if (signing == null) {
        envelope.seal(to, fileId, file.meta(i), file.chunk(i), blob);
      } else {
        envelope.seal(to, fileId, file.meta(i), file.chunk(i), signing, blob);
      }
      blobs.add(blob.flip());
    }
    return blobs;
  }

  /**
   * Opens {@code blobs} in order into one assembly in {@code target}, as a receiver would, and
   * finishes it.
   */
  public static Path receive(
      Envelope envelope,
      Credential with,
      SenderDirectory senders,
      Path target,
      Path state,
      List<ByteBuffer> blobs) {
    ChunkAssembler assembler = null;
    for (ByteBuffer blob : blobs) {
      OpenedChunk chunk = envelope.open(blob, with, senders);
      if (assembler == null) {
        // The assembly is keyed by the authenticated file id, never by a peeked header.
        assembler = ChunkAssembler.forFile(chunk.fileId(), target, state);
      }
      assembler.accept(chunk);
    }
    return assembler.finish();
  }

  /**
   * Asserts that no file at all (not even a part file or journal) is in any of {@code directories}.
   */
  public static void assertEmpty(Path... directories) {
    for (Path directory : directories) {
      if (Files.exists(directory)) {
        try (Stream<Path> files = Files.list(directory)) {
          assertEquals(List.of(), files.toList(), "files left in " + directory);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /**
   * A direct copy of the remaining bytes, flipped; opening decrypts in place, so tests open copies.
   */
  public static ByteBuffer copy(ByteBuffer blob) {
    return ByteBuffer.allocateDirect(blob.remaining()).put(blob.duplicate()).flip();
  }

  /** Deterministic test content of {@code length} bytes. */
  public static byte[] content(int length) {
    byte[] content = new byte[length];
    new DeterministicRandom(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16)})
        .nextBytes(content);
    return content;
  }
}
