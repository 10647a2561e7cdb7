package io.paramant.client.internal.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract and expand, from Bouncy Castle. */
public final class Hkdf {

  private Hkdf() {}

  /**
   * @return {@code length} bytes of HKDF-SHA256(salt, ikm, info); the caller owns and wipes them
   */
  public static byte[] sha256(byte[] salt, byte[] ikm, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    // HKDFParameters keeps its own copy of ikm that we cannot wipe; see the envelope package notes.
    generator.init(new HKDFParameters(ikm, salt, info));
    byte[] okm = new byte[length];
    generator.generateBytes(okm, 0, length);
    return okm;
  }
}
