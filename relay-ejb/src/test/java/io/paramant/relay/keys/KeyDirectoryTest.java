package io.paramant.relay.keys;

import static io.paramant.relay.keys.TestKeys.b64;
import static io.paramant.relay.keys.TestKeys.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.ct.LogRangeException;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.RelayException;
import io.paramant.relay.accounts.Account;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

  private static final Account ALICE = new Account("alice", Plan.PRO, null, true, null, null);
  private static final Account BOB = new Account("bob", Plan.PRO, null, true, null, null);
  private static final Account CAROL = new Account("carol", Plan.FREE, null, true, "ops", null);
  private static final Account DAVE = new Account("dave", Plan.PRO, null, true, "ops", null);

  /** Three device key sets, generated once (ML-KEM and ML-DSA key generation take a while). */
  private static final List<TestKeys> KEYS =
      List.of(TestKeys.generate(), TestKeys.generate(), TestKeys.generate());

  @TempDir Path data;
  private SectorLog log;
  private KeyDirectory directory;

  @BeforeEach
  void open() {
    log = SectorLog.open(data, "main", InstantSource.system());
    directory = openDirectory();
  }

  @AfterEach
  void close() {
    directory.close();
    log.close();
  }

  @Test
  void hex_and_base64_registrations_of_the_same_keys_have_the_same_fingerprint() {
    TestKeys keys = KEYS.get(0);
    RegisteredDevice fromHex = directory.register(ALICE, keys.hex("laptop"));
    RegisteredDevice fromBase64 = directory.register(ALICE, keys.base64("phone"));
    RegisteredDevice upperHex =
        directory.register(
            ALICE,
            new KeyRegistration(
                "tablet",
                hex(keys.mlKem()).toUpperCase(),
                hex(keys.p256()).toUpperCase(),
                hex(keys.mlDsa()).toUpperCase()));

    String expected = sha3Hex(keys.mlKem(), keys.p256(), keys.mlDsa());
    assertEquals(expected, fromHex.keys().fingerprint());
    assertEquals(expected, fromBase64.keys().fingerprint());
    assertEquals(expected, upperHex.keys().fingerprint());
    assertTrue(fromHex.keys().hybrid());
    assertArrayEquals(keys.mlKem(), fromBase64.keys().mlKem());
    assertArrayEquals(keys.p256(), fromBase64.keys().ecdh().orElseThrow());
    assertArrayEquals(keys.mlDsa(), fromBase64.keys().mlDsa().orElseThrow());
  }

  @Test
  void fingerprint_omits_absent_keys() {
    TestKeys keys = KEYS.get(0);
    RegisteredDevice receiveOnly = directory.register(ALICE, keys.hybridOnly("receiver"));
    RegisteredDevice kemOnly =
        directory.register(ALICE, new KeyRegistration("kem-only", hex(keys.mlKem()), null, null));
    RegisteredDevice kemAndDsa =
        directory.register(
            ALICE, new KeyRegistration("kem-dsa", b64(keys.mlKem()), null, b64(keys.mlDsa())));

    assertEquals(sha3Hex(keys.mlKem(), keys.p256()), receiveOnly.keys().fingerprint());
    assertEquals(sha3Hex(keys.mlKem()), kemOnly.keys().fingerprint());
    assertEquals(sha3Hex(keys.mlKem(), keys.mlDsa()), kemAndDsa.keys().fingerprint());
    assertTrue(receiveOnly.keys().hybrid());
    assertFalse(kemOnly.keys().hybrid());
    assertFalse(kemAndDsa.keys().hybrid());
  }

  @Test
  void every_registration_appends_a_pubkey_leaf_of_its_fingerprint_bound_to_the_device() {
    long before = log.sth().treeSize();
    RegisteredDevice device = directory.register(ALICE, KEYS.get(1).hex("laptop"));

    assertEquals(before, device.ctIndex());
    LogEntry leaf = log.leaves(device.ctIndex(), device.ctIndex() + 1).leaves().get(0).entry();
    assertEquals(EntryType.PUBKEY, leaf.type());
    assertEquals(device.keys().fingerprint(), leaf.subject());
    assertEquals("main", leaf.sector());
    assertEquals(
        new LeafDetail.Pubkey(
            HexFormat.of().formatHex(DeviceBinding.of(KeyDirectory.namespaceOf(ALICE), "laptop"))),
        leaf.detail());
  }

  @Test
  void lookup_proof_verifies_against_the_signed_tree_head() {
    directory.register(BOB, KEYS.get(2).hex("noise")); // a tree of more than one leaf
    RegisteredDevice device = directory.register(ALICE, KEYS.get(0).hex("laptop"));
    directory.register(BOB, KEYS.get(1).hex("more-noise"));

    PublishedDevice published = directory.lookup(ALICE, "laptop");

    assertEquals(device, published.device());
    assertTrue(published.treeHead().treeSize() > device.ctIndex());
    published.treeHead().verify(published.logPublicKey());
    // the sender rebuilds the leaf from the fingerprint, the binding of the namespace and the
    // device id, the sector and the registration time
    assertEquals(KeyDirectory.namespaceOf(ALICE), published.namespace());
    LogEntry rebuilt =
        new LogEntry(
            EntryType.PUBKEY,
            device.keys().fingerprint(),
            "main",
            published.leaf().insertedAtMillis(),
            new LeafDetail.Pubkey(
                HexFormat.of().formatHex(DeviceBinding.of(published.namespace(), "laptop"))));
    published
        .proof()
        .verify(
            TreeHasher.SHA3_256,
            TreeHasher.SHA3_256.hashLeaf(rebuilt.encode()),
            published.treeHead().rootHash());
    assertEquals(device.ctIndex(), published.proof().leafIndex());
  }

  @Test
  void registering_the_same_keys_again_answers_the_first_registration_without_a_new_leaf() {
    RegisteredDevice first = directory.register(ALICE, KEYS.get(0).hex("laptop"));
    long size = log.sth().treeSize();

    RegisteredDevice again = directory.register(ALICE, KEYS.get(0).base64("laptop"));

    assertEquals(first, again);
    assertEquals(first.ctIndex(), again.ctIndex());
    assertEquals(size, log.sth().treeSize(), "no second leaf");
    assertEquals(1, directory.size());
  }

  @Test
  void other_keys_for_a_registered_device_id_are_a_conflict() {
    TestKeys keys = KEYS.get(0);
    directory.register(ALICE, keys.hybridOnly("laptop"));
    long size = log.sth().treeSize();

    assertCode("device_key_conflict", () -> directory.register(ALICE, KEYS.get(1).hex("laptop")));
    // adding a key is a change of keys as well
    assertCode("device_key_conflict", () -> directory.register(ALICE, keys.hex("laptop")));
    assertCode(
        "device_key_conflict",
        () ->
            directory.register(
                ALICE, new KeyRegistration("laptop", hex(keys.mlKem()), null, null)));

    assertEquals(size, log.sth().treeSize());
    assertEquals(
        keys.hybridOnly("laptop").p256(),
        hex(directory.lookup(ALICE, "laptop").device().keys().ecdh().orElseThrow()));
  }

  @Test
  void concurrent_registrations_of_one_device_id_bind_exactly_one_key_set() throws Exception {
    for (int round = 0; round < 5; round++) {
      String id = "race-" + round;
      ExecutorService pool = Executors.newFixedThreadPool(3);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RegisteredDevice>> results = new ArrayList<>();
      for (TestKeys keys : KEYS) {
        Callable<RegisteredDevice> register =
            () -> {
              start.await();
              try {
                return directory.register(ALICE, keys.hex(id));
              } catch (DeviceKeyConflictException lost) {
                return null;
              }
            };
        results.add(pool.submit(register));
      }
      start.countDown();
      int winners = 0;
      for (Future<RegisteredDevice> result : results) {
        winners += result.get() == null ? 0 : 1;
      }
      pool.shutdown();
      assertEquals(1, winners, "round " + round);
    }
  }

  @Test
  void registrations_survive_reopening() throws IOException {
    RegisteredDevice laptop = directory.register(ALICE, KEYS.get(0).hex("laptop"));
    RegisteredDevice phone =
        directory.register(
            CAROL, new KeyRegistration("phone", b64(KEYS.get(1).mlKem()), null, null));
    directory.close();
    long size = log.sth().treeSize();

    directory = openDirectory();

    assertEquals(2, directory.size());
    assertEquals(laptop, directory.lookup(ALICE, "laptop").device());
    assertEquals(phone, directory.lookup(DAVE, "phone").device());
    assertEquals(laptop, directory.register(ALICE, KEYS.get(0).base64("laptop")));
    assertEquals(size, log.sth().treeSize(), "a re-registration after a restart adds no leaf");
    assertCode("device_key_conflict", () -> directory.register(ALICE, KEYS.get(1).hex("laptop")));
    Path file = data.resolve("main").resolve(KeyDirectory.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void a_directory_that_does_not_match_its_log_is_refused_at_start(@TempDir Path other)
      throws IOException {
    directory.register(ALICE, KEYS.get(0).hex("laptop"));
    Files.createDirectories(other.resolve("main"));
    Files.copy(
        data.resolve("main").resolve(KeyDirectory.FILE_NAME),
        other.resolve("main").resolve(KeyDirectory.FILE_NAME));

    try (SectorLog emptyLog = SectorLog.open(other, "main", InstantSource.system())) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> new KeyDirectory(other, "main", ledgerOf(emptyLog)));
      assertTrue(refused.getMessage().contains("do not belong together"), refused.getMessage());
    }
  }

  @Test
  void an_account_registers_at_most_the_devices_of_its_plan() {
    Account free = new Account("frugal", Plan.FREE, null, true, null, null);
    TestKeys keys = KEYS.get(0);
    for (int i = 0; i < Plan.FREE.maxDevices(); i++) {
      directory.register(
          free, new KeyRegistration("device-" + i, hex(keys.mlKem()), hex(keys.p256()), null));
    }
    long size = log.sth().treeSize();

    RelayException refused =
        assertThrows(
            DeviceLimitException.class,
            () -> directory.register(free, keys.hybridOnly("device-5")));

    assertEquals(RelayException.Kind.FORBIDDEN, refused.kind());
    assertEquals("device_limit_reached", refused.code());
    assertEquals(size, log.sth().treeSize());
    // an identical re-registration is not a new device
    directory.register(free, keys.hybridOnly("device-0"));
    // the limit is per account
    directory.register(BOB, keys.hybridOnly("device-5"));
  }

  @Test
  void the_device_limit_holds_after_a_restart() {
    Account free = new Account("frugal", Plan.FREE, null, true, null, null);
    for (int i = 0; i < Plan.FREE.maxDevices(); i++) {
      directory.register(free, KEYS.get(0).hybridOnly("device-" + i));
    }
    directory.close();
    directory = openDirectory();

    assertThrows(
        DeviceLimitException.class,
        () -> directory.register(free, KEYS.get(0).hybridOnly("device-5")));
    Account upgraded = new Account("frugal", Plan.PRO, null, true, null, null);
    directory.register(upgraded, KEYS.get(0).hybridOnly("device-5"));
  }

  @Test
  void team_members_share_device_ids_and_other_accounts_do_not_see_them() {
    RegisteredDevice device = directory.register(CAROL, KEYS.get(0).hex("gateway"));

    assertEquals(device, directory.lookup(DAVE, "gateway").device());
    assertEquals(device, directory.register(DAVE, KEYS.get(0).base64("gateway")));
    assertCode("device_key_conflict", () -> directory.register(DAVE, KEYS.get(1).hex("gateway")));
    assertThrows(DeviceNotFoundException.class, () -> directory.lookup(ALICE, "gateway"));
    // the same id is free in another namespace
    directory.register(ALICE, KEYS.get(1).hex("gateway"));
    assertEquals(
        KEYS.get(1).hex("x").mlKem768(),
        hex(directory.lookup(ALICE, "gateway").device().keys().mlKem()));
  }

  @Test
  void the_namespace_directory_lists_the_team_devices_sorted_with_proofs_against_one_head() {
    directory.register(BOB, KEYS.get(2).hex("noise"));
    RegisteredDevice gateway = directory.register(CAROL, KEYS.get(0).hex("gateway"));
    directory.register(ALICE, KEYS.get(1).hex("laptop"));
    RegisteredDevice zeta = directory.register(DAVE, KEYS.get(1).hybridOnly("zeta"));
    RegisteredDevice alpha = directory.register(CAROL, KEYS.get(2).hex("alpha"));
    directory.register(BOB, KEYS.get(0).hex("more-noise"));

    NamespaceDirectory listed = directory.directory(DAVE);

    assertEquals("team:ops", listed.namespace());
    assertEquals(
        List.of(alpha, gateway, zeta),
        listed.devices().stream().map(NamespaceDirectory.Listed::device).toList());
    assertEquals(log.sth().treeSize(), listed.treeHead().treeSize());
    assertAllProven(listed);
    // a team member sees the same directory
    assertEquals(
        List.of("alpha", "gateway", "zeta"),
        directory.directory(CAROL).devices().stream().map(l -> l.device().deviceId()).toList());
  }

  @Test
  void another_account_sees_none_of_the_team_devices_in_its_directory() {
    directory.register(CAROL, KEYS.get(0).hex("gateway"));
    directory.register(DAVE, KEYS.get(1).hex("zeta"));
    RegisteredDevice laptop = directory.register(ALICE, KEYS.get(1).hex("laptop"));
    // the same device id in the attacker's own namespace is its own device, not the team's
    RegisteredDevice bobsGateway = directory.register(BOB, KEYS.get(2).hex("gateway"));

    NamespaceDirectory alices = directory.directory(ALICE);
    NamespaceDirectory bobs = directory.directory(BOB);
    NamespaceDirectory nobodys =
        directory.directory(new Account("eve", Plan.PRO, null, true, null, null));

    assertEquals("account:alice", alices.namespace());
    assertEquals(
        List.of(laptop), alices.devices().stream().map(NamespaceDirectory.Listed::device).toList());
    assertEquals("account:bob", bobs.namespace());
    assertEquals(
        List.of(bobsGateway),
        bobs.devices().stream().map(NamespaceDirectory.Listed::device).toList());
    assertAllProven(alices);
    assertAllProven(bobs);
    assertEquals("account:eve", nobodys.namespace());
    assertEquals(List.of(), nobodys.devices());
    nobodys.treeHead().verify(nobodys.logPublicKey());
  }

  @Test
  void the_namespace_directory_is_the_same_after_reopening() {
    directory.register(CAROL, KEYS.get(0).hex("gateway"));
    directory.register(DAVE, KEYS.get(1).hex("zeta"));
    NamespaceDirectory before = directory.directory(CAROL);
    directory.close();
    directory = openDirectory();

    NamespaceDirectory after = directory.directory(CAROL);

    assertEquals(
        before.devices().stream().map(l -> List.of(l.device(), l.leaf())).toList(),
        after.devices().stream().map(l -> List.of(l.device(), l.leaf())).toList());
    assertEquals(2, after.devices().size());
    assertAllProven(after);
  }

  @Test
  void a_namespace_holds_at_most_its_bound_of_devices_across_the_team() {
    directory.close();
    directory = new KeyDirectory(data, "main", ledgerOf(log), 2);
    directory.register(CAROL, KEYS.get(0).hex("one"));
    directory.register(DAVE, KEYS.get(1).hex("two"));
    long size = log.sth().treeSize();

    RelayException refused =
        assertThrows(
            DeviceLimitException.class, () -> directory.register(DAVE, KEYS.get(2).hex("three")));

    assertEquals(RelayException.Kind.FORBIDDEN, refused.kind());
    assertEquals("device_limit_reached", refused.code());
    assertTrue(refused.detail().contains("namespace holds at most 2 devices"), refused.detail());
    assertEquals(size, log.sth().treeSize());
    assertEquals(2, directory.directory(CAROL).devices().size());
    // an identical re-registration is not a new device, and other namespaces are not affected
    directory.register(CAROL, KEYS.get(0).hex("one"));
    directory.register(ALICE, KEYS.get(2).hex("three"));
  }

  /**
   * Checks every listed device as a client does: one signature over the head, then each leaf
   * rebuilt from the namespace, the device id and the keys' fingerprint, proven to that head.
   */
  private static void assertAllProven(NamespaceDirectory listed) {
    SignedTreeHead head = listed.treeHead();
    head.verify(listed.logPublicKey());
    for (NamespaceDirectory.Listed device : listed.devices()) {
      LogEntry rebuilt =
          new LogEntry(
              EntryType.PUBKEY,
              sha3Hex(
                  device.device().keys().mlKem(),
                  device.device().keys().ecdh().orElse(new byte[0]),
                  device.device().keys().mlDsa().orElse(new byte[0])),
              "main",
              device.leaf().insertedAtMillis(),
              new LeafDetail.Pubkey(
                  HexFormat.of()
                      .formatHex(
                          DeviceBinding.of(listed.namespace(), device.device().deviceId()))));
      assertEquals(rebuilt, device.leaf());
      assertEquals(device.device().ctIndex(), device.proof().leafIndex());
      assertEquals(head.treeSize(), device.proof().treeSize());
      device
          .proof()
          .verify(
              TreeHasher.SHA3_256, TreeHasher.SHA3_256.hashLeaf(rebuilt.encode()), head.rootHash());
    }
  }

  @Test
  void unknown_device_is_not_found() {
    assertThrows(DeviceNotFoundException.class, () -> directory.lookup(ALICE, "nothing"));
  }

  @Test
  void device_id_is_required_and_checked() {
    TestKeys keys = KEYS.get(0);
    assertCode(
        "missing_field",
        () -> directory.register(ALICE, new KeyRegistration(null, hex(keys.mlKem()), null, null)));
    for (String bad : new String[] {"", "a b", "../x", "é", "x".repeat(129)}) {
      assertCode(
          "invalid_device_id",
          () -> directory.register(ALICE, new KeyRegistration(bad, hex(keys.mlKem()), null, null)));
    }
    assertCode("invalid_device_id", () -> directory.lookup(ALICE, "a/b"));
  }

  @Test
  void ml_kem_key_is_required() {
    assertCode(
        "missing_field",
        () ->
            directory.register(
                ALICE, new KeyRegistration("x", null, hex(KEYS.get(0).p256()), null)));
  }

  @Test
  void keys_of_the_wrong_length_are_refused() {
    TestKeys k = KEYS.get(0);
    assertCode("invalid_key_length", register(b64(Arrays.copyOf(k.mlKem(), 1183)), null, null));
    assertCode("invalid_key_length", register(b64(Arrays.copyOf(k.mlKem(), 1185)), null, null));
    assertCode("invalid_key_length", register(hex(k.mlKem()), b64(new byte[64]), null));
    assertCode(
        "invalid_key_length",
        register(hex(k.mlKem()), hex(k.p256()), b64(Arrays.copyOf(k.mlDsa(), 1951))));
    // hex of the wrong length is read as base64 (it is in base64's alphabet): 2368 - 4 digits
    assertCode("invalid_key_length", register(hex(k.mlKem()).substring(4), null, null));
    // a compressed P-256 point (33 bytes)
    byte[] compressed = Arrays.copyOf(k.p256(), 33);
    compressed[0] = 0x02;
    assertCode("invalid_key_length", register(hex(k.mlKem()), b64(compressed), null));
  }

  @Test
  void keys_that_are_neither_hex_nor_canonical_base64_are_refused() {
    TestKeys k = KEYS.get(0);
    String b64 = b64(k.mlKem()); // 1580 characters, the last one "="
    String p256 = b64(k.p256()); // 88 characters, the last one "="
    for (String bad :
        new String[] {
          "***",
          b64.substring(0, 1579) + "*",
          b64.replace('+', '-').replace('/', '_'),
          " " + b64,
          b64.substring(0, 800) + "\n" + b64.substring(800),
        }) {
      if (!bad.equals(b64)) {
        assertCode("invalid_key_encoding", register(bad, null, null));
      }
    }
    assertCode("invalid_key_encoding", register(b64, p256.replace("=", ""), null));
    // non-zero bits after the last byte: decodable, but not the canonical encoding
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int last = alphabet.indexOf(p256.charAt(86)); // the last data character, before "="
    String tweaked = p256.substring(0, 86) + alphabet.charAt(last | 1) + "=";
    assertCode("invalid_key_encoding", register(b64, tweaked, null));
    assertCode("invalid_key_encoding", register(b64, "zz" + hex(k.p256()).substring(2), null));
  }

  @Test
  void p256_key_must_be_an_uncompressed_point_on_the_curve() {
    TestKeys k = KEYS.get(0);
    byte[] prefix = k.p256().clone();
    prefix[0] = 0x03;
    assertCode("invalid_key", register(hex(k.mlKem()), hex(prefix), null));
    byte[] offCurve = k.p256().clone();
    offCurve[64] ^= 1;
    assertCode("invalid_key", register(hex(k.mlKem()), hex(offCurve), null));
    byte[] zero = new byte[65];
    zero[0] = 0x04;
    assertCode("invalid_key", register(hex(k.mlKem()), hex(zero), null));
  }

  @Test
  void ml_kem_key_must_pass_the_modulus_check() {
    byte[] unreduced = new byte[1184];
    Arrays.fill(unreduced, 0, 1152, (byte) 0xff); // coefficients 4095 >= q = 3329
    assertCode("invalid_key", register(hex(unreduced), null, null));
  }

  private Runnable register(String kem, String p256, String dsa) {
    return () -> directory.register(ALICE, new KeyRegistration("device", kem, p256, dsa));
  }

  private static void assertCode(String code, Runnable call) {
    RelayException e = assertThrows(RelayException.class, call::run);
    assertEquals(code, e.code(), e.detail());
    if (e instanceof InvalidInputException) {
      assertEquals(RelayException.Kind.INVALID, e.kind());
    }
  }

  private KeyDirectory openDirectory() {
    return new KeyDirectory(data, "main", ledgerOf(log));
  }

  private static KeyLedger ledgerOf(SectorLog log) {
    return new KeyLedger() {
      @Override
      public long appendPubkey(byte[] fingerprint, byte[] binding) {
        return log.appendPubkey(fingerprint, binding);
      }

      @Override
      public LogEntry entry(long index) {
        try {
          return log.entry(index);
        } catch (LogRangeException beyondTheLog) {
          return null;
        }
      }

      @Override
      public SignedTreeHead sth() {
        return log.sth();
      }

      @Override
      public InclusionProof inclusionProof(long index, long treeSize) {
        return log.inclusionProof(index, treeSize);
      }

      @Override
      public byte[] publicKey() {
        return log.publicKey();
      }
    };
  }

  private static String sha3Hex(byte[]... parts) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      for (byte[] part : parts) {
        sha3.update(part);
      }
      return HexFormat.of().formatHex(sha3.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
