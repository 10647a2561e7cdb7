package io.paramant.client.internal.keys;

import io.paramant.client.DeviceKeys;
import io.paramant.client.EnvelopeException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * This device's key pairs as a pipe holds them: loaded from the key directory on first use,
 * generated and stored there by the first registration, wiped from memory by {@link #close()}.
 * Thread-safe.
 */
public final class DeviceKeyring implements AutoCloseable {

  private final Path keyDirectory;
  private DeviceKeys keys;

  public DeviceKeyring(Path keyDirectory) {
    this.keyDirectory = keyDirectory;
  }

  /**
   * This device's keys, loaded from the key directory on first use.
   *
   * @throws IllegalStateException if the key directory holds none
   */
  public synchronized DeviceKeys keys() {
    if (keys == null) {
      try {
        keys = DeviceKeys.load(keyDirectory);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof NoSuchFileException) {
          throw new IllegalStateException(
              "no device keys in "
                  + keyDirectory
                  + ": create them with 'paramant keys init' (or GhostPipe.registerDevice())");
        }
        throw e;
      }
    }
    return keys;
  }

  /** The stored keys, or new ones stored now. */
  public synchronized DeviceKeys keysForRegistration() {
    if (keys == null && !Files.exists(keyDirectory.resolve(DeviceKeys.FILE_NAME))) {
      DeviceKeys generated = DeviceKeys.generate();
      try {
        generated.store(keyDirectory);
        keys = generated;
      } catch (EnvelopeException e) {
        generated.destroy();
        if (e.reason() != EnvelopeException.Reason.TARGET_EXISTS) {
          throw e;
        }
        // stored meanwhile by another process: use those
      }
    }
    return keys();
  }

  /** Wipes the private keys from memory; a later use loads them again. */
  @Override
  public synchronized void close() {
    if (keys != null) {
      keys.destroy();
      keys = null;
    }
  }
}
