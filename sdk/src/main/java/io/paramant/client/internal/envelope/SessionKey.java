package io.paramant.client.internal.envelope;

import io.paramant.client.internal.crypto.Hkdf;
import java.util.Arrays;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256-GCM key and nonce of one blob: the 44 bytes of HKDF output, split {@code key =
 * okm[0..32)}, {@code nonce = okm[32..44)}. Closing it wipes them.
 */
public final class SessionKey implements AutoCloseable {

  static final int KEY_LENGTH = 32;
  static final int NONCE_LENGTH = 12;
  static final int OKM_LENGTH = KEY_LENGTH + NONCE_LENGTH;

  private final byte[] okm;

  private SessionKey(byte[] okm) {
    this.okm = okm;
  }

  /** HKDF-SHA256(salt, ikm, info, 44) as a session key. */
  static SessionKey derive(byte[] salt, byte[] ikm, byte[] info) {
    return new SessionKey(Hkdf.sha256(salt, ikm, info, OKM_LENGTH));
  }

  SecretKeySpec aesKey() {
    return new SecretKeySpec(okm, 0, KEY_LENGTH, "AES");
  }

  GCMParameterSpec gcmParameters() {
    return new GCMParameterSpec(BlobHeader.TAG_LENGTH * 8, okm, KEY_LENGTH, NONCE_LENGTH);
  }

  @Override
  public void close() {
    Arrays.fill(okm, (byte) 0);
  }
}
