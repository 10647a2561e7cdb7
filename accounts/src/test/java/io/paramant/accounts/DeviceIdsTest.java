package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "phone",
        "scanner-01",
        "dev.2_b",
        "urn:device:7",
        "-",
        ":",
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._:-"
      })
  void ids_of_1_to_128_letters_digits_dot_underscore_colon_dash_are_valid(String id) {
    assertTrue(DeviceIds.isValid(id), id);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {"", "a b", "a/b", "a@b", "a+b", "é", "a\n", "a\u0000", "../etc", "a,b", "a;b"})
  void others_are_not(String id) {
    assertFalse(DeviceIds.isValid(id), String.valueOf(id));
  }

  @org.junit.jupiter.api.Test
  void the_limit_is_128_characters() {
    assertTrue(DeviceIds.isValid("d".repeat(DeviceIds.MAX_CHARS)));
    assertFalse(DeviceIds.isValid("d".repeat(DeviceIds.MAX_CHARS + 1)));
    org.junit.jupiter.api.Assertions.assertEquals(
        "device_id must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-'.",
        DeviceIds.INVALID_DETAIL);
  }
}
