package io.paramant.relay.keys;

import io.paramant.relay.RelayException;

/** The device id is registered with other keys: keys are never silently replaced. */
public class DeviceKeyConflictException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DeviceKeyConflictException() {
    super(
        Kind.CONFLICT,
        "device_key_conflict",
        "This device_id is already registered with different keys; register the new keys under a"
            + " new device_id.");
  }
}
