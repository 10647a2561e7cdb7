package io.paramant.relay.keys;

import io.paramant.relay.RelayException;

/**
 * No device with that id in the caller's namespace: never registered, or registered by an account
 * outside the caller's account and team (deliberately indistinguishable).
 */
public class DeviceNotFoundException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DeviceNotFoundException() {
    super(Kind.NOT_FOUND, "not_found", "No device with that id is registered for this account.");
  }
}
