package io.paramant.relay.blob.boundary;

import io.paramant.relay.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A device id names the receiving device of a blob: 1–128 characters of {@code [A-Za-z0-9._:-]}.
 */
final class DeviceId {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private DeviceId() {}

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
