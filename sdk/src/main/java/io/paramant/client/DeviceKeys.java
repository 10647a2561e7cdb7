package io.paramant.client;

import io.paramant.client.internal.crypto.Randomness;
import io.paramant.client.internal.keys.KeyFile;
import io.paramant.client.internal.keys.PrivateKeys;
import java.nio.file.Path;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * This device's key pairs: ML-KEM-768 and P-256 to receive (suite 1 of the protocol), ML-DSA-65 to
 * sign (sender signatures, DID requests). Generated here, stored in one owner-only file, never sent
 * anywhere; only {@link #publicKeys()} are registered with a relay.
 *
 * <pre>{@code
 * DeviceKeys keys = DeviceKeys.generate();
 * keys.store(DeviceKeys.defaultDirectory());      // ~/.paramant/device.key, rw-------
 * String did = keys.did();                         // did:paramant:...
 * }</pre>
 *
 * Call {@link #destroy()} when done to wipe the private keys from memory.
 */
public final class DeviceKeys implements Destroyable {

  /** The key file's name inside a key directory. */
  public static final String FILE_NAME = "device.key";

  private final PrivateKeys privateKeys;

  private DeviceKeys(PrivateKeys privateKeys) {
    this.privateKeys = privateKeys;
  }

  /** New keys from the system CSPRNG. */
  public static DeviceKeys generate() {
    return new DeviceKeys(PrivateKeys.generate(Randomness.system()));
  }

  /** {@code ~/.paramant}, the directory of the CLI and of the SDK when not told otherwise. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".paramant");
  }

  /**
   * Loads the keys stored in {@code directory}.
   *
   * @throws EnvelopeException {@link EnvelopeException.Reason#KEY_FILE_INSECURE} if others can
   *     access the file, {@link EnvelopeException.Reason#KEY_FILE_INVALID} if it is damaged
   * @throws java.io.UncheckedIOException if it cannot be read (for example, it does not exist)
   */
  public static DeviceKeys load(Path directory) {
    return new DeviceKeys(KeyFile.read(directory.resolve(FILE_NAME)));
  }

  /**
   * Stores the keys in {@code directory}, creating it owner-only if missing. Never replaces stored
   * keys.
   *
   * @throws EnvelopeException {@link EnvelopeException.Reason#TARGET_EXISTS} if keys are already
   *     stored there
   */
  public void store(Path directory) {
    KeyFile.write(directory.resolve(FILE_NAME), privateKeys);
  }

  public PublicKeys publicKeys() {
    return privateKeys.publicKeys();
  }

  /** This device's {@code did:paramant:} identifier. */
  public String did() {
    return publicKeys().did().orElseThrow();
  }

  /** The fingerprint of {@link #publicKeys()}. */
  public String fingerprint() {
    return publicKeys().fingerprint();
  }

  /**
   * Not API: the private-key operations, for the envelope implementation in {@code
   * io.paramant.client.internal}. Java has no module-private visibility without JPMS; this is the
   * one bridge.
   */
  public PrivateKeys privateKeys() {
    return privateKeys;
  }

  /** Not API: wraps keys made by the internal code (deterministic keys in known-answer tests). */
  public static DeviceKeys of(PrivateKeys privateKeys) {
    return new DeviceKeys(Objects.requireNonNull(privateKeys, "privateKeys"));
  }

  @Override
  public void destroy() {
    privateKeys.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return privateKeys.isDestroyed();
  }

  @Override
  public String toString() {
    return "DeviceKeys[" + did() + "]";
  }
}
