package io.paramant.ct.bench;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Realistic leaves for the benchmarks: transfer entries of distinct 32-byte blob hashes. */
final class Leaves {

  private Leaves() {}

  /** A distinct 32-byte value for each {@code i}, standing in for a blob's SHA-256. */
  static byte[] hash(long i) {
    byte[] hash = new byte[LogEntry.HASH_LENGTH];
    ByteBuffer.wrap(hash).putLong(i).putLong(i * 0x9E3779B97F4A7C15L);
    Arrays.fill(hash, 16, 32, (byte) i);
    return hash;
  }

  /** The leaf bytes of a transfer of {@link #hash(long)}: 56 bytes, as the relay writes them. */
  static byte[] transfer(long i) {
    return LogEntry.ofHash(EntryType.TRANSFER, hash(i), "main", 1_764_144_000_000L + i).encode();
  }
}
