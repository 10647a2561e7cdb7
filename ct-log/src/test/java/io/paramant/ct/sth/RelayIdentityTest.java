package io.paramant.ct.sth;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.CapturedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RelayIdentityTest {

  private static final Map<String, Object> KAT = json("kat/tree-head.json");
  private static final byte[] MAGIC = "paramant/identity/v1 ML-DSA-65\n".getBytes(US_ASCII);

  @TempDir Path directory;

  @Test
  void first_start_creates_a_key_file_that_only_its_owner_can_read() throws IOException {
    Path keyFile = directory.resolve("identity.key");
    RelayIdentity identity = RelayIdentity.loadOrCreate(keyFile);
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    assertEquals(List.of(keyFile), Files.list(directory).toList());
    assertEquals(1952, identity.publicKey().length);
    assertEquals(SignedTreeHead.keyId(identity.publicKey()), identity.keyId());
  }

  @Test
  void later_starts_use_the_same_key() {
    Path keyFile = directory.resolve("identity.key");
    RelayIdentity first = RelayIdentity.loadOrCreate(keyFile);
    RelayIdentity again = RelayIdentity.loadOrCreate(keyFile);
    assertEquals(first.keyId(), again.keyId());
    assertArrayEquals(first.publicKey(), again.publicKey());
    first.sign(3, 4, new byte[32]).verify(again.publicKey());
  }

  @Test
  void seed_in_the_key_file_derives_the_pinned_ml_dsa_65_key() throws IOException {
    Path keyFile = writeKeyFile(bytes -> bytes);
    RelayIdentity identity = RelayIdentity.loadOrCreate(keyFile);
    assertArrayEquals(hex(KAT.get("public_key_hex")), identity.publicKey());
    assertEquals(KAT.get("key_id"), identity.keyId());
  }

  @Test
  void creation_cut_short_by_a_crash_is_redone() throws IOException {
    Files.write(directory.resolve("identity.key.new"), new byte[] {1, 2, 3});
    RelayIdentity.loadOrCreate(directory.resolve("identity.key"));
    assertFalse(Files.exists(directory.resolve("identity.key.new")));
  }

  @Test
  void key_file_that_others_can_read_is_used_with_a_warning() throws IOException {
    Path keyFile = writeKeyFile(bytes -> bytes);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    try (CapturedLog log = CapturedLog.of(RelayIdentity.class)) {
      assertEquals(KAT.get("key_id"), RelayIdentity.loadOrCreate(keyFile).keyId());
      assertEquals(1, log.messages(Level.WARNING).size());
    }
  }

  static Stream<Named<UnaryOperator<byte[]>>> corruptions() {
    return Stream.of(
        Named.of("empty", bytes -> new byte[0]),
        Named.of("truncated", bytes -> Arrays.copyOf(bytes, bytes.length - 1)),
        Named.of("extended", bytes -> Arrays.copyOf(bytes, bytes.length + 1)),
        Named.of("other magic", bytes -> flip(bytes, 0)),
        Named.of("seed bit flipped", bytes -> flip(bytes, MAGIC.length + 5)),
        Named.of("key id bit flipped", bytes -> flip(bytes, bytes.length - 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void damaged_key_file_stops_the_start_and_is_left_alone(UnaryOperator<byte[]> corruption)
      throws IOException {
    Path keyFile = writeKeyFile(corruption);
    byte[] before = Files.readAllBytes(keyFile);
    IdentityKeyException failure =
        assertThrows(IdentityKeyException.class, () -> RelayIdentity.loadOrCreate(keyFile));
    assertTrue(failure.getMessage().contains(keyFile.toString()));
    assertArrayEquals(before, Files.readAllBytes(keyFile));
  }

  /** The key file of the pinned seed, passed through {@code change}. */
  private Path writeKeyFile(UnaryOperator<byte[]> change) throws IOException {
    byte[] seed = hex(KAT.get("seed_hex"));
    byte[] keyId = hex(KAT.get("key_id"));
    byte[] content = new byte[MAGIC.length + seed.length + keyId.length];
    System.arraycopy(MAGIC, 0, content, 0, MAGIC.length);
    System.arraycopy(seed, 0, content, MAGIC.length, seed.length);
    System.arraycopy(keyId, 0, content, MAGIC.length + seed.length, keyId.length);
    Path keyFile = directory.resolve("identity.key");
    Files.write(keyFile, change.apply(content));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    return keyFile;
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] flipped = bytes.clone();
    flipped[index] ^= 1;
    return flipped;
  }
}
