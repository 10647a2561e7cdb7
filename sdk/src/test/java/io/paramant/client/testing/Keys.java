package io.paramant.client.testing;

import io.paramant.client.DeviceKeys;

/** Device keys shared by the tests of a JVM: key generation is cheap, but not free. */
public final class Keys {

  public static final DeviceKeys ALICE = DeviceKeys.generate();
  public static final DeviceKeys BOB = DeviceKeys.generate();
  public static final DeviceKeys MALLORY = DeviceKeys.generate();

  private Keys() {}
}
