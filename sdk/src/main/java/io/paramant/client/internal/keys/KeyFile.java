package io.paramant.client.internal.keys;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.crypto.P256;
import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The device key file, format 1 (164 bytes, binary so that no immutable {@code String} ever holds a
 * secret):
 *
 * <pre>
 * magic "PDK1" (4) | ML-KEM-768 seed d||z (64) | P-256 scalar (32) | ML-DSA-65 seed xi (32) | fingerprint (32)
 * </pre>
 *
 * {@code fingerprint} is SHA3-256 of the public keys derived from the seeds ({@code
 * PublicKeys#fingerprint}).
 *
 * <p>On POSIX file systems the file is created {@code rw-------} and its missing parent directories
 * {@code rwx------}, atomically with their creation (no window with wider permissions), and a file
 * that group or others can access is refused on load, as ssh does. The file is never overwritten:
 * replacing a device's keys loses everything sealed to them, so that takes a deliberate delete.
 */
public final class KeyFile {

  public static final int LENGTH = 164;

  private static final byte[] MAGIC = "PDK1".getBytes(StandardCharsets.US_ASCII);
  private static final int FINGERPRINT_LENGTH = 32;

  private KeyFile() {}

  /** The file's bytes; the caller owns and wipes them. */
  public static byte[] encode(PrivateKeys keys) {
    byte[] mlKemSeed = keys.mlKemSeed();
    byte[] scalar = keys.p256Scalar();
    byte[] mlDsaSeed = keys.mlDsaSeed();
    try {
      return ByteBuffer.allocate(LENGTH)
          .put(MAGIC)
          .put(mlKemSeed)
          .put(scalar)
          .put(mlDsaSeed)
          .put(HexFormat.of().parseHex(keys.publicKeys().fingerprint()))
          .array();
    } finally {
      Arrays.fill(mlKemSeed, (byte) 0);
      Arrays.fill(scalar, (byte) 0);
      Arrays.fill(mlDsaSeed, (byte) 0);
    }
  }

  /**
   * @throws EnvelopeException {@link Reason#KEY_FILE_INVALID} if the bytes are not a complete,
   *     undamaged key file
   */
  public static PrivateKeys decode(byte[] file) {
    if (file.length != LENGTH || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new EnvelopeException(
          Reason.KEY_FILE_INVALID, "expected " + LENGTH + " bytes starting with PDK1");
    }
    ByteBuffer in = ByteBuffer.wrap(file, MAGIC.length, LENGTH - MAGIC.length);
    byte[] mlKemSeed = new byte[PrivateKeys.ML_KEM_SEED_LENGTH];
    byte[] scalar = new byte[P256.PRIVATE_KEY_LENGTH];
    byte[] mlDsaSeed = new byte[PrivateKeys.ML_DSA_SEED_LENGTH];
    byte[] fingerprint = new byte[FINGERPRINT_LENGTH];
    in.get(mlKemSeed).get(scalar).get(mlDsaSeed).get(fingerprint);
    try {
      PrivateKeys keys = PrivateKeys.fromSeeds(mlKemSeed, scalar, mlDsaSeed);
      if (!keys.publicKeys().fingerprint().equals(HexFormat.of().formatHex(fingerprint))) {
        keys.destroy();
        throw new EnvelopeException(
            Reason.KEY_FILE_INVALID, "keys do not match the stored fingerprint");
      }
      return keys;
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(Reason.KEY_FILE_INVALID, "P-256 scalar out of range");
    } finally {
      Arrays.fill(mlKemSeed, (byte) 0);
      Arrays.fill(scalar, (byte) 0);
      Arrays.fill(mlDsaSeed, (byte) 0);
    }
  }

  /**
   * Creates {@code file} (and its missing parent directories) with owner-only permissions and
   * writes the keys.
   *
   * @throws EnvelopeException {@link Reason#TARGET_EXISTS} if the file exists
   */
  public static void write(Path file, PrivateKeys keys) {
    byte[] bytes = encode(keys);
    try {
      PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
      // DSYNC: the keys are on disk before we report success.
      try (FileChannel channel = PrivateFiles.create(file, StandardOpenOption.DSYNC)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new EnvelopeException(Reason.TARGET_EXISTS, "device keys are already stored there");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * @throws EnvelopeException {@link Reason#KEY_FILE_INSECURE} if group or others may access the
   *     file, {@link Reason#KEY_FILE_INVALID} if it is not a key file
   */
  public static PrivateKeys read(Path file) {
    try {
      if (!PrivateFiles.isOwnerOnly(file)) {
        throw new EnvelopeException(
            Reason.KEY_FILE_INSECURE, "expected permissions rw------- or stricter");
      }
      if (Files.size(file) != LENGTH) {
        throw new EnvelopeException(Reason.KEY_FILE_INVALID, "expected " + LENGTH + " bytes");
      }
      byte[] bytes = Files.readAllBytes(file);
      try {
        return decode(bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
