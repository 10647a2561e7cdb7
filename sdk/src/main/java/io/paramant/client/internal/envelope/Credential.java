package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.Mnemonic;
import java.util.Objects;

/**
 * What opens a blob: this device's keys (suite 1), a password (suite 2) or a drop phrase (suite 3).
 * A password credential refers to the caller's array; the caller wipes it when done.
 */
public sealed interface Credential permits Credential.Device, Credential.Password, Credential.Drop {

  static Credential device(DeviceKeys keys) {
    return new Device(keys);
  }

  static Credential password(char[] password) {
    return new Password(password);
  }

  static Credential drop(Mnemonic phrase) {
    return new Drop(phrase);
  }

  Suite suite();

  /** The session key of a parsed header of this credential's suite. */
  SessionKey sessionKey(BlobHeader header);

  /** The reason to report when AES-GCM refuses a blob opened with this credential. */
  default Reason authenticationFailure() {
    return Reason.AUTHENTICATION_FAILED;
  }

  /** Suite 1: the receiving device's private keys. */
  record Device(DeviceKeys keys) implements Credential {
    public Device {
      Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Suite suite() {
      return Suite.HYBRID;
    }

    @Override
    public SessionKey sessionKey(BlobHeader header) {
      return KeySchedule.hybridOpen(keys.privateKeys(), header);
    }
  }

  /**
   * Suite 2: the password; a failed tag most likely means a wrong password, so it is reported as
   * one.
   */
  record Password(char[] password) implements Credential {
    public Password {
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Suite suite() {
      return Suite.PASSWORD;
    }

    @Override
    public SessionKey sessionKey(BlobHeader header) {
      return KeySchedule.password(password, header);
    }

    @Override
    public Reason authenticationFailure() {
      return Reason.WRONG_PASSWORD;
    }
  }

  /** Suite 3: the drop phrase. */
  record Drop(Mnemonic phrase) implements Credential {
    public Drop {
      Objects.requireNonNull(phrase, "phrase");
    }

    @Override
    public Suite suite() {
      return Suite.DROP;
    }

    @Override
    public SessionKey sessionKey(BlobHeader header) {
      return KeySchedule.drop(phrase);
    }
  }
}
