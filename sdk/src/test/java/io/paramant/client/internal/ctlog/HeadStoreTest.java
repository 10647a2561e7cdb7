package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.LogStateException;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeadStoreTest {

  private static final RelayAddress RELAY = RelayAddress.of(URI.create("http://127.0.0.1:3000/"));

  @TempDir Path state;
  @TempDir Path keys;

  private RelayIdentity identity;
  private HeadStore store;

  @BeforeEach
  void createIdentity() {
    identity = RelayIdentity.loadOrCreate(keys.resolve("identity.key"));
    store = new HeadStore(state);
  }

  @Test
  void nothing_is_pinned_for_a_relay_never_verified() {
    assertEquals(Optional.empty(), store.load(RELAY));
  }

  @Test
  void a_stored_head_loads_back_from_an_owner_only_file_named_after_the_relay() throws IOException {
    PinnedHead pinned = pinned(5);

    store.save(pinned);

    Path file = state.resolve("log-heads").resolve("http-127.0.0.1-3000.json");
    assertEquals(file, store.fileOf(RELAY));
    assertEquals(Optional.of(pinned), store.load(RELAY));
    assertEquals("rw-------", permissions(file));
    assertEquals("rwx------", permissions(file.getParent()));
  }

  @Test
  void a_new_head_replaces_the_file_by_rename_and_leaves_no_temporary_file() throws IOException {
    store.save(pinned(5));
    Path file = store.fileOf(RELAY);
    byte[] first = Files.readAllBytes(file);
    // A second name for the first file: a write in place would change what it shows too.
    Path firstFile = state.resolve("first.json");
    Files.createLink(firstFile, file);

    PinnedHead newer = pinned(9);
    store.save(newer);

    assertEquals(Optional.of(newer), store.load(RELAY));
    assertEquals(new String(first, StandardCharsets.UTF_8), Files.readString(firstFile));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void a_head_that_cannot_be_stored_is_a_state_error() throws IOException {
    Files.writeString(state.resolve("log-heads"), "a file where the directory belongs");

    LogStateException e = assertThrows(LogStateException.class, () -> store.save(pinned(1)));

    assertTrue(e.getMessage().contains("cannot store"), e::getMessage);
  }

  static Stream<UnaryOperator<String>> damages() {
    return Stream.of(
        text -> "",
        text -> "not json",
        text -> text.substring(0, text.length() / 2),
        text -> text.replace("paramant/log-head/v1", "paramant/log-head/v2"),
        text -> text.replace("http://127.0.0.1:3000/", "http://127.0.0.1:3001/"),
        text -> text.replace("\"tree_size\": 5", "\"tree_size\": 6"),
        text -> text.replace("\"tree_size\": 5", "\"tree_size\": \"5\""),
        text -> text.replace("\"tree_size\": 5", "\"tree_size\": -5"),
        text -> text.replace("\"algorithm\": \"ML-DSA-65\"", "\"algorithm\": \"Ed25519\""),
        text -> text.replaceFirst("\"key_id\": \"[0-9a-f]", "\"key_id\": \"x"),
        text -> text.replace("{", "{\"tree_size\": 5,"));
  }

  @ParameterizedTest
  @MethodSource("damages")
  void a_damaged_file_is_a_clear_error_and_is_left_as_it_is(UnaryOperator<String> damage)
      throws IOException {
    store.save(pinned(5));
    Path file = store.fileOf(RELAY);
    String damaged = damage.apply(Files.readString(file));
    Files.writeString(file, damaged);

    LogStateException e = assertThrows(LogStateException.class, () -> store.load(RELAY));

    assertTrue(e.getMessage().startsWith(file + " is damaged ("), e::getMessage);
    assertEquals(damaged, Files.readString(file));
  }

  @Test
  void a_file_pinning_a_key_that_did_not_sign_its_head_is_damaged() throws IOException {
    store.save(pinned(5));
    Path file = store.fileOf(RELAY);
    RelayIdentity other = RelayIdentity.loadOrCreate(keys.resolve("other.key"));
    String text = Files.readString(file);
    String ownKey = java.util.HexFormat.of().formatHex(identity.publicKey());
    String otherKey = java.util.HexFormat.of().formatHex(other.publicKey());
    Files.writeString(
        file, text.replace(ownKey, otherKey).replace(identity.keyId(), other.keyId()));

    LogStateException e = assertThrows(LogStateException.class, () -> store.load(RELAY));

    assertTrue(e.getMessage().contains("does not verify"), e::getMessage);
  }

  @Test
  void a_file_that_others_can_access_is_refused() throws IOException {
    store.save(pinned(5));
    Path file = store.fileOf(RELAY);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

    LogStateException e = assertThrows(LogStateException.class, () -> store.load(RELAY));

    assertTrue(e.getMessage().contains("accessible to other users"), e::getMessage);
  }

  private PinnedHead pinned(long treeSize) {
    byte[] root = RelayLogs.sha256(new byte[] {(byte) treeSize});
    SignedTreeHead head = identity.sign(treeSize, 1_764_144_000_000L + treeSize, root);
    return new PinnedHead(RELAY, identity.publicKey(), head);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
