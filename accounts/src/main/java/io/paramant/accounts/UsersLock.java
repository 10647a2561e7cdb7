package io.paramant.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock of a users file: a lock within this JVM, then an exclusive lock on {@code
 * <file>.lock} (users.json.lock) against every other process, whichever program it is (the console,
 * the CLI). Both are needed: file locks belong to a process, so a second holder in the same JVM
 * would get an {@link OverlappingFileLockException} instead of waiting.
 *
 * <p>The file lock is an {@code fcntl} record lock on Linux ({@link FileChannel#tryLock()}); {@code
 * flock(1)} takes a different kind of lock and does not exclude it. A writer waits a bounded time
 * and then gives up, so a stuck holder cannot hang a request or a script.
 */
final class UsersLock {

  /** One lock per users file in this JVM, by its absolute path. */
  private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Path usersFile;
  private final Path lockFile;
  private final ReentrantLock inThisJvm;

  UsersLock(Path usersFile) {
    this.usersFile = usersFile;
    this.lockFile = lockFileOf(usersFile);
    this.inThisJvm =
        IN_THIS_JVM.computeIfAbsent(
            usersFile.toAbsolutePath().normalize(), p -> new ReentrantLock(true));
  }

  /** {@code users.json} → {@code users.json.lock}, in the same directory. */
  static Path lockFileOf(Path usersFile) {
    return usersFile.resolveSibling(usersFile.getFileName() + ".lock");
  }

  Path path() {
    return lockFile;
  }

  /**
   * Runs {@code work} holding both locks.
   *
   * @param wait how long to wait for another holder
   * @param whileWaiting run once, before waiting, when another holder has the lock
   * @throws AccountsException {@code users_file_busy} after {@code wait}
   */
  <T> T holding(Duration wait, Runnable whileWaiting, Supplier<T> work) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean told = false;
    try {
      if (!inThisJvm.tryLock()) {
        whileWaiting.run();
        told = true;
        if (!inThisJvm.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
          throw busy();
        }
      }
      try {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        try (FileChannel channel =
            FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                AtomicFile.OWNER_ONLY)) {
          FileLock lock = tryLock(channel);
          while (lock == null) {
            if (!told) {
              whileWaiting.run();
              told = true;
            }
            long left = remaining(deadline);
            if (left == 0) {
              throw busy();
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
            lock = tryLock(channel);
          }
          try {
            return work.get();
          } finally {
            lock.release();
          }
        }
      } finally {
        inThisJvm.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldElsewhereInThisJvm) {
      return null; // someone in this JVM locked the file without this class: wait for them too
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private AccountsException busy() {
    return new AccountsException(
        AccountsException.Kind.BUSY,
        "users_file_busy",
        "Another writer is changing "
            + usersFile.getFileName()
            + " (it holds "
            + lockFile.getFileName()
            + "); nothing was changed: try again.");
  }
}
