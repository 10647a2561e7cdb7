package io.paramant.client.testing;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A reproducible "random" stream for known-answer tests: the SHAKE256 output of a seed. Never for
 * production; production code cannot even reach the package-private constructors that accept one.
 */
public final class DeterministicRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  public DeterministicRandom(byte[] seed) {
    super(new Shake256Spi(seed), null);
  }

  private static final class Shake256Spi extends SecureRandomSpi {

    private static final long serialVersionUID = 1L;

    private final transient SHAKEDigest shake = new SHAKEDigest(256);

    Shake256Spi(byte[] seed) {
      shake.update(seed, 0, seed.length);
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      throw new UnsupportedOperationException("a deterministic stream takes its seed once");
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      // doOutput continues the XOF stream where the previous call stopped.
      shake.doOutput(bytes, 0, bytes.length);
    }

    @Override
    protected byte[] engineGenerateSeed(int length) {
      byte[] seed = new byte[length];
      engineNextBytes(seed);
      return seed;
    }
  }
}
