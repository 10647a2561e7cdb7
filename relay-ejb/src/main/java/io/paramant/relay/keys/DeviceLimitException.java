package io.paramant.relay.keys;

import io.paramant.accounts.Plan;
import io.paramant.relay.RelayException;

/** The account has registered as many devices as its plan allows. */
public class DeviceLimitException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DeviceLimitException(Plan plan) {
    super(
        Kind.FORBIDDEN,
        "device_limit_reached",
        "The "
            + plan.wireName()
            + " plan allows "
            + plan.maxDevices()
            + " devices per account, and this account has registered them all.");
  }
}
