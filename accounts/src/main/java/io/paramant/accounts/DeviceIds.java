package io.paramant.accounts;

import java.util.regex.Pattern;

/**
 * The device id rule of the whole API: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. It names a
 * blob's receiving device ({@code X-Paramant-Device}, {@code device_id}), a device's keys in the
 * key directory, and the device of a delivery route; a client checks it before it sends.
 */
public final class DeviceIds {

  /** The longest device id. */
  public static final int MAX_CHARS = 128;

  /** The API's refusal of a malformed id ({@code invalid_device_id}), the same on every route. */
  public static final String INVALID_DETAIL =
      "device_id must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-'.";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private DeviceIds() {}

  /** Whether {@code deviceId} is a valid device id; {@code null} is not. */
  public static boolean isValid(String deviceId) {
    return deviceId != null && VALID.matcher(deviceId).matches();
  }
}
