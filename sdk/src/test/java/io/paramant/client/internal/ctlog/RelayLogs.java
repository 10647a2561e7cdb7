package io.paramant.client.internal.ctlog;

import io.paramant.ct.SectorLog;
import io.paramant.ct.sth.SignedTreeHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real relay logs for the client's tests: {@link SectorLog}, the log the relay runs, opened in a
 * test's directory, so that heads, proofs and leaves are exactly what a relay serves.
 */
final class RelayLogs {

  static final String SECTOR = "main";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RelayLogs() {}

  /** A new log with a new identity key in {@code directory}. */
  static SectorLog open(Path directory) {
    return SectorLog.open(directory, SECTOR, clock());
  }

  /**
   * A new log in {@code directory} under the identity key of the log in {@code original}: what a
   * relay shows after its journal was replaced behind its key.
   */
  static SectorLog openWithKeyOf(Path original, Path directory) {
    try {
      Path keyDirectory = directory.resolve(SECTOR);
      Files.createDirectories(
          keyDirectory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.copy(
          original.resolve(SECTOR).resolve("identity.key"),
          keyDirectory.resolve("identity.key"),
          StandardCopyOption.COPY_ATTRIBUTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return open(directory);
  }

  /** The log's latest head and key, as {@code GET /v2/ct/sth} serves them. */
  static ServedHead served(SectorLog log) {
    return new ServedHead(log.sth(), log.publicKey());
  }

  /** Appends {@code count} transfers of random blobs; returns the hash of the last one. */
  static byte[] appendTransfers(SectorLog log, int count) {
    byte[] hash = null;
    for (int i = 0; i < count; i++) {
      hash = sha256(randomBytes(64));
      log.appendTransfer(hash);
    }
    return hash;
  }

  /** The head with one bit of its root flipped, and the original signature. */
  static SignedTreeHead withFlippedRoot(SignedTreeHead head) {
    byte[] root = head.rootHash();
    root[0] ^= 1;
    return new SignedTreeHead(
        head.treeSize(), head.timestampMillis(), root, head.signature(), head.keyId());
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * A clock that moves one second per reading: every head the log is asked for is freshly signed,
   * and the log never waits out its signing interval.
   */
  private static InstantSource clock() {
    AtomicLong millis = new AtomicLong(1_764_144_000_000L);
    return () -> Instant.ofEpochMilli(millis.addAndGet(1_000));
  }
}
