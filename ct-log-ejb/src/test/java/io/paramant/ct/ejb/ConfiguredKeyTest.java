package io.paramant.ct.ejb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.sth.SignedTreeHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredKeyTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path directory;

  private final byte[] key = new byte[1952];

  {
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
  }

  @Test
  void an_inline_key_is_the_key_and_names_its_key_id() {
    ConfiguredKey configured = ConfiguredKey.parse(HEX.formatHex(key));
    assertArrayEquals(key, configured.publicKey().orElseThrow());
    assertEquals(Optional.of(SignedTreeHead.keyId(key)), configured.keyId());
    assertFalse(configured.isKeyId());
  }

  @Test
  void a_key_id_names_no_key() {
    String keyId = SignedTreeHead.keyId(key).toUpperCase(java.util.Locale.ROOT);
    ConfiguredKey configured = ConfiguredKey.parse(keyId);
    assertTrue(configured.isKeyId());
    assertEquals(Optional.empty(), configured.publicKey());
    assertEquals(Optional.of(SignedTreeHead.keyId(key)), configured.keyId());
  }

  @Test
  void a_key_file_is_read_once_it_appears_and_a_damaged_one_is_refused() throws Exception {
    Path file = directory.resolve("identity.pub");
    ConfiguredKey configured = ConfiguredKey.parse(file.toString());
    assertEquals(Optional.empty(), configured.publicKey());
    assertEquals(Optional.empty(), configured.keyId());
    Files.writeString(file, HEX.formatHex(key) + "\n");
    assertArrayEquals(key, configured.publicKey().orElseThrow());

    Path damaged = directory.resolve("damaged.pub");
    Files.writeString(damaged, HEX.formatHex(key).substring(2));
    assertThrows(
        IllegalStateException.class, () -> ConfiguredKey.parse(damaged.toString()).publicKey());
  }
}
