package io.paramant.client.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The CSPRNG of every production path: the JDK's NIST SP 800-90A DRBG at 256-bit strength, seeded
 * by the operating system. 256 bits because the keys it makes (AES-256, ML-KEM/ML-DSA seeds) claim
 * that much. Tests inject their own deterministic source only through package-private constructors.
 */
public final class Randomness {

  private static final SecureRandom SYSTEM = create();

  private Randomness() {}

  /** The shared, thread-safe system CSPRNG. */
  public static SecureRandom system() {
    return SYSTEM;
  }

  private static SecureRandom create() {
    try {
      return SecureRandom.getInstance(
          "DRBG",
          DrbgParameters.instantiation(
              256,
              DrbgParameters.Capability.RESEED_ONLY,
              "paramant-client".getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's DRBG SecureRandom is unavailable", e);
    }
  }
}
