package io.paramant.client.testing;

import io.paramant.client.DeviceKeys;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Signing;
import java.util.Map;

/**
 * Device keys shared by the tests of a JVM (key generation is cheap, but not free), and the
 * namespace they live in: Alice and Bob are devices {@code alice} and {@code bob} of {@link
 * #NAMESPACE} (FakeRelay's); Mallory is not in the namespace's directory.
 */
public final class Keys {

  public static final DeviceKeys ALICE = DeviceKeys.generate();
  public static final DeviceKeys BOB = DeviceKeys.generate();
  public static final DeviceKeys MALLORY = DeviceKeys.generate();

  public static final String NAMESPACE = FakeRelay.NAMESPACE;
  public static final long SIGNED_AT = 1_764_144_000_000L;

  private Keys() {}

  /** {@code keys} signing as device {@code as} of the namespace for device {@code to}. */
  public static Signing signing(DeviceKeys keys, String as, String to) {
    return Signing.to(keys, NAMESPACE, as, to, SIGNED_AT);
  }

  /** Alice signing for Bob. */
  public static Signing aliceToBob() {
    return signing(ALICE, "alice", "bob");
  }

  /** What Bob checks signed chunks against: Alice's and his own keys, proven (by fiat here). */
  public static SenderDirectory bobsDirectory() {
    return SenderDirectory.of(
        NAMESPACE, "bob", Map.of("alice", ALICE.publicKeys(), "bob", BOB.publicKeys()));
  }
}
