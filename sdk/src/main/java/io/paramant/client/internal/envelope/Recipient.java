package io.paramant.client.internal.envelope;

import io.paramant.client.EnvelopeException;
import io.paramant.client.Mnemonic;
import io.paramant.client.PublicKeys;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Who can open what is sealed, and so which suite seals it: a device's public keys (suite 1), a
 * password (suite 2) or a drop phrase (suite 3).
 *
 * <p>A password recipient refers to the caller's array rather than copying it, so that there is
 * exactly one copy to wipe: the caller wipes it after the last chunk is sealed.
 */
public sealed interface Recipient permits Recipient.Device, Recipient.Password, Recipient.Drop {

  static Recipient device(PublicKeys keys) {
    return new Device(keys);
  }

  /**
   * @throws EnvelopeException {@link EnvelopeException.Reason#WEAK_KDF_PARAMETERS} is raised when
   *     the {@link KdfParameters} are made, so weak parameters never reach this point
   */
  static Recipient password(char[] password, KdfParameters parameters) {
    return new Password(password, parameters);
  }

  static Recipient drop(Mnemonic phrase) {
    return new Drop(phrase);
  }

  Suite suite();

  /** Draws this blob's key material; called once per blob. */
  Keying draw(SecureRandom random);

  /** Suite 1: the recipient device's ML-KEM-768 and P-256 keys. */
  record Device(PublicKeys keys) implements Recipient {
    public Device {
      Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Suite suite() {
      return Suite.HYBRID;
    }

    @Override
    public Keying draw(SecureRandom random) {
      return KeySchedule.hybridSeal(keys, random);
    }
  }

  /** Suite 2: a password, stretched with Argon2id under a fresh salt per blob. */
  record Password(char[] password, KdfParameters parameters) implements Recipient {
    public Password {
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public Suite suite() {
      return Suite.PASSWORD;
    }

    @Override
    public Keying draw(SecureRandom random) {
      return new Keying(
          KeySchedule.passwordKeyFields(parameters, random),
          header -> KeySchedule.password(password, header));
    }
  }

  /** Suite 3: the entropy of a 12-word phrase. */
  record Drop(Mnemonic phrase) implements Recipient {
    public Drop {
      Objects.requireNonNull(phrase, "phrase");
    }

    @Override
    public Suite suite() {
      return Suite.DROP;
    }

    @Override
    public Keying draw(SecureRandom random) {
      return new Keying(new byte[0], header -> KeySchedule.drop(phrase));
    }
  }
}
