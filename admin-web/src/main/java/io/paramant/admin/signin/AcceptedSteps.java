package io.paramant.admin.signin;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * The TOTP steps already spent: a step is accepted once, and never after a later one (RFC 6238
 * section 5.2: "the verifier MUST NOT accept the second attempt of the OTP after the successful
 * validation has been issued for the first OTP").
 *
 * <p>The console keeps the last accepted step in a file ({@link #persistedIn}), written (temp file,
 * fsync, atomic rename, owner-only) <em>before</em> the code is accepted, so a code used just
 * before a restart cannot be used again after it. If the file cannot be written the code is refused
 * (fail closed); if it cannot be read at start, every step up to the next one counts as spent, so
 * the current window is closed and the next one opens normally.
 */
public final class AcceptedSteps {

  private static final System.Logger LOG = System.getLogger(AcceptedSteps.class.getName());

  private final Path file; // null: in memory only
  private long last;

  private AcceptedSteps(Path file, long last) {
    this.file = file;
    this.last = last;
  }

  /** Steps remembered by this object only (tests, tools). */
  public static AcceptedSteps inMemory() {
    return new AcceptedSteps(null, Long.MIN_VALUE);
  }

  /** Steps remembered in {@code file} (created on the first accepted code). */
  public static AcceptedSteps persistedIn(Path file) {
    return persistedIn(file, Clock.systemUTC());
  }

  static AcceptedSteps persistedIn(Path file, Clock clock) {
    long last;
    try {
      last = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (NoSuchFileException e) {
      last = Long.MIN_VALUE;
    } catch (IOException | NumberFormatException e) {
      last = Math.floorDiv(clock.instant().getEpochSecond(), Totp.STEP_SECONDS) + 1;
      LOG.log(
          Level.WARNING,
          "Cannot read the used TOTP steps from {0} ({1}): codes of the current 90 s window are"
              + " refused",
          file,
          e.getClass().getSimpleName());
    }
    return new AcceptedSteps(file, last);
  }

  /** Spends {@code step}: false when it or a later step was spent already (or cannot be saved). */
  public synchronized boolean accept(long step) {
    if (step <= last) {
      return false;
    }
    if (file != null) {
      try {
        save(step);
      } catch (IOException e) {
        LOG.log(Level.ERROR, "Cannot save the used TOTP step to {0}: code refused", file, e);
        return false;
      }
    }
    last = step;
    return true;
  }

  private void save(long step) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap((step + "\n").getBytes(StandardCharsets.US_ASCII)));
      out.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
