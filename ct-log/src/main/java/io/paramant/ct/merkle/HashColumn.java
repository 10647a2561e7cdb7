package io.paramant.ct.merkle;

import java.util.Arrays;

/**
 * The hashes of one tree level, in append order, packed into large {@code byte[]} chunks: one
 * object per 4096 hashes instead of one per node keeps the tree at its payload size (about 64 heap
 * bytes per leaf for 32-byte hashes over all levels) and the garbage collector idle.
 *
 * <p>One writer appends; readers read any index the tree has published. Visibility follows the
 * tree's rule (see the package documentation): the writer fills a slot before the tree publishes
 * its new size, and every change of the chunk directory is a fresh array behind a volatile field,
 * so a reader that read the published size first never sees a directory older than the data it is
 * allowed to read.
 */
final class HashColumn {

  /**
   * 4096 hashes: 128 KiB chunks for SHA3-256, well below G1's humongous-object threshold (half a
   * region, at least 512 KiB), so chunks are ordinary young-generation allocations.
   */
  private static final int CHUNK_SHIFT = 12;

  private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;

  /** The first chunk starts small and doubles, so the many short upper levels stay small. */
  private static final int FIRST_CHUNK_HASHES = 16;

  private final int hashLength;
  private volatile byte[][] chunks = new byte[0][];
  private long size; // writer only

  HashColumn(int hashLength) {
    this.hashLength = hashLength;
  }

  /** Appends the hash at {@code source[offset, offset + hashLength)}. Writer only. */
  void append(byte[] source, int offset) {
    int chunk = (int) (size >>> CHUNK_SHIFT);
    int position = offset(size);
    byte[][] directory = chunks;
    if (chunk == directory.length) {
      directory = Arrays.copyOf(directory, chunk + 1);
      directory[chunk] = new byte[(chunk == 0 ? FIRST_CHUNK_HASHES : CHUNK_HASHES) * hashLength];
      chunks = directory;
    } else if (position == directory[chunk].length) {
      // Only the first chunk is ever allocated below full size. Readers holding the old directory
      // keep reading the old copy, which holds everything published so far.
      directory = directory.clone();
      directory[chunk] =
          Arrays.copyOf(directory[chunk], Math.min(2 * position, CHUNK_HASHES * hashLength));
      chunks = directory;
    }
    System.arraycopy(source, offset, directory[chunk], position, hashLength);
    size++;
  }

  /** The chunk that holds hash {@code index}; read it at {@link #offset(long)}. */
  byte[] chunk(long index) {
    return chunks[(int) (index >>> CHUNK_SHIFT)];
  }

  /** Where hash {@code index} starts inside its {@link #chunk(long)}. */
  int offset(long index) {
    return (int) (index & (CHUNK_HASHES - 1)) * hashLength;
  }

  /** A copy of hash {@code index}. */
  byte[] copy(long index) {
    int from = offset(index);
    return Arrays.copyOfRange(chunk(index), from, from + hashLength);
  }
}
