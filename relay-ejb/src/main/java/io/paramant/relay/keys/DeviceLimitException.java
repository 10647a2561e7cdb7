package io.paramant.relay.keys;

import io.paramant.accounts.Plan;
import io.paramant.relay.RelayException;

/**
 * The account has registered as many devices as its plan allows, or its namespace as many as any
 * namespace may ({@link KeyDirectory#MAX_NAMESPACE_DEVICES}).
 */
public class DeviceLimitException extends RelayException {

  private static final long serialVersionUID = 1L;

  public DeviceLimitException(Plan plan) {
    this(
        "The "
            + plan.wireName()
            + " plan allows "
            + plan.maxDevices()
            + " devices per account, and this account has registered them all.");
  }

  private DeviceLimitException(String detail) {
    super(Kind.FORBIDDEN, "device_limit_reached", detail);
  }

  /** The namespace (team or account) holds as many devices as any namespace may. */
  static DeviceLimitException namespaceFull(int maxDevices) {
    return new DeviceLimitException(
        "A namespace holds at most "
            + maxDevices
            + " devices (its directory is served whole), and this one holds them all.");
  }
}
