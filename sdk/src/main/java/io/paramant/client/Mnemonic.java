package io.paramant.client;

import io.paramant.client.internal.crypto.Randomness;
import io.paramant.client.internal.envelope.KeySchedule;
import io.paramant.client.internal.mnemonic.Bip39;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The 12-word phrase of an anonymous drop: 16 bytes of entropy written as a BIP-39 English mnemonic
 * with its checksum. Whoever holds the phrase can pick the drop up; the relay only ever sees {@link
 * #dropId()}.
 *
 * <p>The phrase is the secret: {@link #toString()} never shows it, and {@link #destroy()} wipes the
 * entropy. {@link #parse(CharSequence)} tells a mistyped word (by position, never by the word) from
 * a wrong checksum.
 */
public final class Mnemonic implements Destroyable {

  private final byte[] entropy;
  private volatile boolean destroyed;

  private Mnemonic(byte[] entropy) {
    this.entropy = entropy;
  }

  /** A new phrase from the system CSPRNG. */
  public static Mnemonic generate() {
    byte[] entropy = new byte[Bip39.ENTROPY_LENGTH];
    Randomness.system().nextBytes(entropy);
    return new Mnemonic(entropy);
  }

  /** The phrase of 16 bytes of entropy (copied). */
  public static Mnemonic fromEntropy(byte[] entropy) {
    if (entropy.length != Bip39.ENTROPY_LENGTH) {
      throw new EnvelopeException(
          EnvelopeException.Reason.WRONG_LENGTH, "drop entropy must be 16 bytes");
    }
    return new Mnemonic(entropy.clone());
  }

  /**
   * Reads a phrase as a person typed it: any whitespace between words, any letter case.
   *
   * @throws EnvelopeException {@link EnvelopeException.Reason#MNEMONIC_WORD_COUNT}, {@link
   *     EnvelopeException.Reason#MNEMONIC_UNKNOWN_WORD} or {@link
   *     EnvelopeException.Reason#MNEMONIC_CHECKSUM}
   */
  public static Mnemonic parse(CharSequence phrase) {
    return new Mnemonic(Bip39.decode(phrase));
  }

  /** The 12 words, separated by single spaces: show this to the person, once. */
  public String phrase() {
    byte[] copy = entropy();
    try {
      return String.join(" ", Bip39.encode(copy));
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  /** The 16 bytes of entropy (a copy). */
  public byte[] entropy() {
    checkAlive();
    return entropy.clone();
  }

  /**
   * The drop's id for the relay: lowercase hex of HKDF-SHA256(salt "paramant/drop/v1", entropy,
   * info "id", 32).
   */
  public String dropId() {
    checkAlive();
    return KeySchedule.dropId(entropy);
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(entropy, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "Mnemonic[12 words, hidden]";
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("mnemonic was destroyed");
    }
  }
}
