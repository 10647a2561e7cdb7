package io.paramant.relay;

import io.paramant.accounts.DeviceIds;

/**
 * A device id in a request ({@code X-Paramant-Device}, {@code device_id}, {@code meta.device_id}),
 * checked by the API's one device id rule ({@link DeviceIds}, accounts module) and refused the same
 * way on every route: 400 {@code invalid_device_id}.
 */
public final class DeviceIdParameter {

  private DeviceIdParameter() {}

  /**
   * @return {@code deviceId}; {@code null} stays {@code null} (no device named)
   * @throws InvalidInputException {@code invalid_device_id}
   */
  public static String optional(String deviceId) {
    if (deviceId != null && !DeviceIds.isValid(deviceId)) {
      throw new InvalidInputException("invalid_device_id", DeviceIds.INVALID_DETAIL);
    }
    return deviceId;
  }

  /**
   * @throws InvalidInputException {@code missing_field} without an id, {@code invalid_device_id}
   */
  public static String required(String deviceId) {
    if (deviceId == null) {
      throw new InvalidInputException("missing_field", "device_id is required.");
    }
    return optional(deviceId);
  }
}
