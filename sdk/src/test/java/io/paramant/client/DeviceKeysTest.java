package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.EnvelopeException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeysTest {

  @TempDir Path home;

  @Test
  void stored_keys_load_as_the_same_identity() {
    DeviceKeys keys = DeviceKeys.generate();
    Path directory = home.resolve(".paramant");

    keys.store(directory);
    DeviceKeys loaded = DeviceKeys.load(directory);

    assertEquals(keys.publicKeys(), loaded.publicKeys());
    assertEquals(keys.did(), loaded.did());
    assertEquals(164, directory.resolve(DeviceKeys.FILE_NAME).toFile().length());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void the_key_file_and_its_new_directories_are_created_owner_only() throws Exception {
    Path directory = home.resolve("a/b");

    DeviceKeys.generate().store(directory);

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(directory.resolve(DeviceKeys.FILE_NAME))));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("a"))));
  }

  @Test
  void stored_keys_are_never_replaced() {
    DeviceKeys.generate().store(home);

    EnvelopeException refused =
        assertThrows(EnvelopeException.class, () -> DeviceKeys.generate().store(home));

    assertEquals(Reason.TARGET_EXISTS, refused.reason());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void a_key_file_readable_by_others_is_refused() throws Exception {
    DeviceKeys.generate().store(home);
    Files.setPosixFilePermissions(
        home.resolve(DeviceKeys.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(
        Reason.KEY_FILE_INSECURE,
        assertThrows(EnvelopeException.class, () -> DeviceKeys.load(home)).reason());
  }

  @Test
  void a_damaged_key_file_is_detected_instead_of_becoming_another_identity() throws Exception {
    DeviceKeys.generate().store(home);
    Path file = home.resolve(DeviceKeys.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 1;
    Files.write(file, bytes);

    EnvelopeException refused = assertThrows(EnvelopeException.class, () -> DeviceKeys.load(home));

    assertEquals(Reason.KEY_FILE_INVALID, refused.reason());
    assertEquals(
        "device key file is corrupt or of an unknown format: keys do not match the stored fingerprint",
        refused.getMessage());
  }

  @Test
  void a_truncated_key_file_is_invalid() throws Exception {
    DeviceKeys.generate().store(home);
    Path file = home.resolve(DeviceKeys.FILE_NAME);
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));

    assertEquals(
        Reason.KEY_FILE_INVALID,
        assertThrows(EnvelopeException.class, () -> DeviceKeys.load(home)).reason());
  }

  @Test
  void destroyed_keys_can_no_longer_be_used() {
    DeviceKeys keys = DeviceKeys.generate();

    keys.destroy();

    assertTrue(keys.isDestroyed());
    assertThrows(IllegalStateException.class, () -> keys.store(home));
  }

  @Test
  void the_default_directory_is_dot_paramant_in_the_home_directory() {
    assertEquals(
        Path.of(System.getProperty("user.home"), ".paramant"), DeviceKeys.defaultDirectory());
  }
}
