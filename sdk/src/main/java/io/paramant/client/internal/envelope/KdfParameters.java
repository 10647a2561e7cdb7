package io.paramant.client.internal.envelope;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import java.nio.ByteBuffer;

/**
 * Argon2id cost parameters of a password blob. Construction refuses values below the protocol's
 * minimum ({@link Reason#WEAK_KDF_PARAMETERS}) and above this client's limit ({@link
 * Reason#EXCESSIVE_KDF_PARAMETERS}): the parameters of a received blob are chosen by its sender,
 * and the receiver pays for them.
 *
 * @param memoryKib m, in KiB
 * @param iterations t
 * @param parallelism p, the number of lanes
 */
public record KdfParameters(int memoryKib, int iterations, int parallelism) {

  private static final int MIN_MEMORY_KIB = 19_456;
  private static final int MIN_ITERATIONS = 2;
  private static final int MIN_PARALLELISM = 1;
  private static final int MAX_MEMORY_KIB = 1_048_576;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 16;

  /** RFC 9106, section 4, second recommended option. */
  public static final KdfParameters DEFAULT = new KdfParameters(65_536, 3, 4);

  /** The cheapest parameters the protocol allows. */
  public static final KdfParameters MINIMUM =
      new KdfParameters(MIN_MEMORY_KIB, MIN_ITERATIONS, MIN_PARALLELISM);

  static final int SALT_LENGTH = 16;

  public KdfParameters {
    if (memoryKib < MIN_MEMORY_KIB
        || iterations < MIN_ITERATIONS
        || parallelism < MIN_PARALLELISM) {
      throw new EnvelopeException(
          Reason.WEAK_KDF_PARAMETERS,
          "m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism);
    }
    if (memoryKib > MAX_MEMORY_KIB
        || iterations > MAX_ITERATIONS
        || parallelism > MAX_PARALLELISM) {
      throw new EnvelopeException(
          Reason.EXCESSIVE_KDF_PARAMETERS,
          "m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism);
    }
  }

  /** The parameters in suite 2 key fields {@code salt (16) | m u32 | t u32 | p u32}. */
  static KdfParameters fromKeyFields(byte[] keyFields) {
    ByteBuffer fields = ByteBuffer.wrap(keyFields, SALT_LENGTH, keyFields.length - SALT_LENGTH);
    long memoryKib = Integer.toUnsignedLong(fields.getInt());
    long iterations = Integer.toUnsignedLong(fields.getInt());
    long parallelism = Integer.toUnsignedLong(fields.getInt());
    return new KdfParameters(clamp(memoryKib), clamp(iterations), clamp(parallelism));
  }

  /** Suite 2 key fields with {@code salt}. */
  byte[] toKeyFields(byte[] salt) {
    return ByteBuffer.allocate(Suite.PASSWORD.keyFieldsLength())
        .put(salt)
        .putInt(memoryKib)
        .putInt(iterations)
        .putInt(parallelism)
        .array();
  }

  /**
   * u32 values beyond int are far above every limit; saturating keeps them refused as excessive.
   */
  private static int clamp(long unsigned) {
    return (int) Math.min(unsigned, Integer.MAX_VALUE);
  }
}
