package io.paramant.relay.delivery;

import io.paramant.relay.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Device ids as the API defines them everywhere: 1–128 characters of {@code [A-Za-z0-9._:-]}. (The
 * same rule as {@code X-Paramant-Device} on upload, checked here for the delivery routes.)
 */
final class DeviceIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private DeviceIds() {}

  /** {@code null} stays {@code null} (no device named). */
  static String parse(String deviceId) {
    if (deviceId == null) {
      return null;
    }
    if (!VALID.matcher(deviceId).matches()) {
      throw new InvalidInputException(
          "invalid_device_id",
          "device_id must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-'.");
    }
    return deviceId;
  }
}
