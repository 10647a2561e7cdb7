package io.paramant.ct.entry;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.ct.merkle.TreeHasher;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogEntryTest {

  private static final String HASH =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  static Stream<Named<Map<String, Object>>> knownAnswers() {
    return ((List<?>) json("kat/log-entries.json").get("entries"))
        .stream()
            .map(LogEntryTest::castMap)
            .map(entry -> Named.of((String) entry.get("type"), entry));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownAnswers")
  void entry_encodes_to_the_pinned_leaf_bytes_and_leaf_hash(Map<String, Object> kat) {
    LogEntry entry =
        new LogEntry(
            EntryType.ofWireName((String) kat.get("type")),
            (String) kat.get("subject"),
            (String) kat.get("sector"),
            (long) kat.get("inserted_at"),
            detail((String) kat.get("type"), (Map<?, ?>) kat.get("detail")));
    byte[] leaf = entry.encode();
    assertArrayEquals(hex(kat.get("leaf_hex")), leaf);
    assertArrayEquals(hex(kat.get("leaf_hash_hex")), TreeHasher.SHA3_256.hashLeaf(leaf));
    assertEquals(entry, LogEntry.decode(leaf));
  }

  private static LeafDetail detail(String type, Map<?, ?> detail) {
    return switch (type) {
      case "pubkey" -> new LeafDetail.Pubkey((String) detail.get("binding"));
      case "notary" ->
          new LeafDetail.Notary(
              (String) detail.get("signer_binding"),
              (String) detail.get("signer_fingerprint"),
              (long) detail.get("signed_at"));
      case "audit" ->
          new LeafDetail.Audit((long) detail.get("seq"), (String) detail.get("audit_id_hash"));
      default -> null;
    };
  }

  static Stream<Named<Map<String, Object>>> knownBindings() {
    return ((List<?>) json("kat/log-entries.json").get("bindings"))
        .stream()
            .map(LogEntryTest::castMap)
            .map(kat -> Named.of(kat.get("namespace") + "/" + kat.get("device_id"), kat));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownBindings")
  void a_device_binding_is_the_pinned_hash_of_namespace_and_id(Map<String, Object> kat) {
    assertArrayEquals(
        hex(kat.get("binding_hex")),
        DeviceBinding.of((String) kat.get("namespace"), (String) kat.get("device_id")));
  }

  @Test
  void a_key_fingerprint_is_the_pinned_hash_of_the_keys_present() {
    byte[] mlKem = new byte[1184];
    Arrays.fill(mlKem, (byte) 0x11);
    byte[] p256 = new byte[65];
    Arrays.fill(p256, (byte) 0x22);
    p256[0] = 4;
    byte[] mlDsa = new byte[1952];
    Arrays.fill(mlDsa, (byte) 0x33);
    Map<String, byte[]> pinned = new java.util.HashMap<>();
    for (Object kat : (List<?>) json("kat/log-entries.json").get("fingerprints")) {
      Map<String, Object> known = castMap(kat);
      pinned.put((String) known.get("keys"), hex(known.get("fingerprint_hex")));
    }
    assertArrayEquals(pinned.get("ml_kem"), DeviceBinding.fingerprint(mlKem, null, null));
    assertArrayEquals(pinned.get("ml_kem+p256"), DeviceBinding.fingerprint(mlKem, p256, null));
    assertArrayEquals(
        pinned.get("ml_kem+p256+ml_dsa"), DeviceBinding.fingerprint(mlKem, p256, mlDsa));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "team:",
        "account:",
        "Team:x",
        "user:alice",
        "team:-x",
        "team:a b",
        "account:alice\n",
        "team:é"
      })
  void a_binding_of_a_malformed_namespace_is_refused(String namespace) {
    assertThrows(InvalidEntryException.class, () -> DeviceBinding.of(namespace, "laptop"));
  }

  @Test
  void a_binding_of_a_malformed_device_id_is_refused() {
    for (String id : List.of("", "a b", "x".repeat(129), "é", "a/b")) {
      assertThrows(InvalidEntryException.class, () -> DeviceBinding.of("account:alice", id));
    }
  }

  @Test
  void a_version_2_type_needs_its_own_detail_and_a_version_1_type_none() {
    LeafDetail.Pubkey pubkey = new LeafDetail.Pubkey(HASH);
    assertThrows(
        InvalidEntryException.class, () -> new LogEntry(EntryType.PUBKEY, HASH, "main", 1));
    assertThrows(
        InvalidEntryException.class, () -> new LogEntry(EntryType.NOTARY, HASH, "main", 1, pubkey));
    assertThrows(
        InvalidEntryException.class,
        () -> new LogEntry(EntryType.TRANSFER, HASH, "main", 1, pubkey));
    byte[] v2 = new LogEntry(EntryType.PUBKEY, HASH, "main", 1, pubkey).encode();
    byte[] asVersion1 = v2.clone();
    asVersion1[0] = 1;
    assertThrows(InvalidEntryException.class, () -> LogEntry.decode(asVersion1));
    byte[] transferAsVersion2 = new LogEntry(EntryType.TRANSFER, HASH, "main", 1).encode();
    transferAsVersion2[0] = 2;
    assertThrows(InvalidEntryException.class, () -> LogEntry.decode(transferAsVersion2));
    byte[] short1 = Arrays.copyOf(v2, v2.length - 1);
    assertThrows(InvalidEntryException.class, () -> LogEntry.decode(short1));
  }

  @Test
  void every_type_round_trips_through_its_leaf_bytes() {
    for (LogEntry entry :
        List.of(
            new LogEntry(EntryType.TRANSFER, HASH, "main", 1),
            new LogEntry(EntryType.PUBKEY, HASH, "a", Long.MAX_VALUE, new LeafDetail.Pubkey(HASH)),
            new LogEntry(
                EntryType.NOTARY,
                HASH,
                "legal",
                3,
                new LeafDetail.Notary(HASH, HASH, Long.MAX_VALUE)),
            new LogEntry(EntryType.AUDIT, HASH, "main", 4, new LeafDetail.Audit(0, HASH)),
            new LogEntry(EntryType.ACK, HASH, "health-2", 0),
            new LogEntry(EntryType.DID, "did:paramant:" + "a".repeat(32), "legal", 7),
            new LogEntry(EntryType.DID, "did:web:example.com:users:al%20ice", "x".repeat(32), 7))) {
      assertEquals(entry, LogEntry.decode(entry.encode()));
    }
  }

  @Test
  void hash_subject_is_given_as_bytes_and_kept_as_lowercase_hex() {
    byte[] hash = HexFormat.of().parseHex(HASH);
    assertEquals(HASH, LogEntry.ofHash(EntryType.TRANSFER, hash, "main", 5).subject());
    assertThrows(
        InvalidEntryException.class,
        () -> LogEntry.ofHash(EntryType.TRANSFER, Arrays.copyOf(hash, 31), "main", 5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00112233",
        "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00",
        "g0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
      })
  void hash_subject_other_than_64_lowercase_hex_digits_is_refused(String subject) {
    assertThrows(
        InvalidEntryException.class, () -> new LogEntry(EntryType.TRANSFER, subject, "main", 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "did:",
        "did:paramant:",
        "did:paramant:abc:",
        "DID:paramant:abc",
        "did:Para:x",
        "did:paramant:ä",
        "did:paramant:a b",
        "did:paramant:%zz",
        "did:paramant:%2",
        "did:paramant:a%",
        "did::abc",
        "did:paramant",
        "not a did"
      })
  void did_subject_that_is_not_a_did_is_refused(String did) {
    assertThrows(InvalidEntryException.class, () -> new LogEntry(EntryType.DID, did, "main", 0));
  }

  /** Found by LogEntryFuzzTest: the regular expression overflowed the stack on these. */
  @Test
  void did_up_to_the_limit_is_checked_on_a_small_stack() throws InterruptedException {
    String prefix = "did:a:";
    String longest = prefix + "a%2F:".repeat((LogEntry.MAX_DID_LENGTH - prefix.length()) / 5) + "z";
    String badEnd = prefix + "a".repeat(LogEntry.MAX_DID_LENGTH - prefix.length() - 1) + ":";
    Throwable[] failure = new Throwable[1];
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                assertEquals(longest, new LogEntry(EntryType.DID, longest, "main", 0).subject());
                assertThrows(
                    InvalidEntryException.class,
                    () -> new LogEntry(EntryType.DID, badEnd, "main", 0));
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "small-stack",
            256 * 1024);
    small.start();
    small.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  @Test
  void did_longer_than_the_limit_is_refused() {
    String did = "did:paramant:" + "a".repeat(LogEntry.MAX_DID_LENGTH);
    assertThrows(InvalidEntryException.class, () -> new LogEntry(EntryType.DID, did, "main", 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Main",
        "-main",
        "main/..",
        "../main",
        "ma in",
        "a-sector-name-of-33-characters-xx"
      })
  void invalid_sector_name_is_refused(String sector) {
    assertThrows(InvalidEntryException.class, () -> LogEntry.requireValidSector(sector));
    assertThrows(
        InvalidEntryException.class, () -> new LogEntry(EntryType.TRANSFER, HASH, sector, 0));
  }

  @Test
  void missing_fields_and_times_before_the_epoch_are_refused() {
    assertThrows(InvalidEntryException.class, () -> new LogEntry(null, HASH, "main", 0));
    assertThrows(InvalidEntryException.class, () -> new LogEntry(EntryType.ACK, null, "main", 0));
    assertThrows(InvalidEntryException.class, () -> new LogEntry(EntryType.ACK, HASH, null, 0));
    assertThrows(InvalidEntryException.class, () -> new LogEntry(EntryType.ACK, HASH, "main", -1));
  }

  @Test
  void every_truncation_of_valid_leaf_bytes_is_refused() {
    for (LogEntry entry :
        List.of(
            new LogEntry(EntryType.TRANSFER, HASH, "main", 1),
            new LogEntry(EntryType.DID, "did:paramant:abc", "main", 1))) {
      byte[] leaf = entry.encode();
      for (int length = 0; length < leaf.length; length++) {
        byte[] truncated = Arrays.copyOf(leaf, length);
        assertThrows(
            InvalidEntryException.class, () -> LogEntry.decode(truncated), "length " + length);
      }
    }
  }

  @Test
  void trailing_bytes_are_refused() {
    byte[] leaf = new LogEntry(EntryType.ACK, HASH, "main", 1).encode();
    byte[] longer = Arrays.copyOf(leaf, leaf.length + 1);
    assertThrows(InvalidEntryException.class, () -> LogEntry.decode(longer));
  }

  @Test
  void other_version_or_unknown_type_is_refused() {
    byte[] leaf = new LogEntry(EntryType.ACK, HASH, "main", 1).encode();
    for (int version : new int[] {0, 2, 0xff}) {
      byte[] other = leaf.clone();
      other[0] = (byte) version;
      assertThrows(InvalidEntryException.class, () -> LogEntry.decode(other));
    }
    for (int type : new int[] {0, 5, 0xff}) {
      byte[] other = leaf.clone();
      other[1] = (byte) type;
      assertThrows(InvalidEntryException.class, () -> LogEntry.decode(other));
    }
  }

  @Test
  void non_canonical_text_and_inserted_at_beyond_the_signed_range_are_refused() {
    byte[] leaf = new LogEntry(EntryType.ACK, HASH, "main", 1).encode();
    byte[] upperCaseSector = leaf.clone();
    upperCaseSector[11] = 'M';
    byte[] nonAsciiSector = leaf.clone();
    nonAsciiSector[11] = (byte) 0xc3;
    byte[] negativeTime = leaf.clone();
    negativeTime[2] = (byte) 0x80;
    for (byte[] bad : List.of(upperCaseSector, nonAsciiSector, negativeTime)) {
      assertThrows(InvalidEntryException.class, () -> LogEntry.decode(bad));
    }
  }

  /** Whatever decodes is canonical: it encodes back to exactly the same bytes. */
  @Test
  void random_corruptions_either_fail_with_the_typed_error_or_decode_canonically() {
    Random random = new Random(42);
    List<byte[]> leaves =
        List.of(
            new LogEntry(
                    EntryType.PUBKEY,
                    HASH,
                    "finance",
                    1_764_144_000_000L,
                    new LeafDetail.Pubkey(HASH))
                .encode(),
            new LogEntry(EntryType.DID, "did:paramant:abcdefgh", "iot", 3).encode(),
            new LogEntry(EntryType.NOTARY, HASH, "legal", 9, new LeafDetail.Notary(HASH, HASH, 5))
                .encode(),
            new LogEntry(EntryType.AUDIT, HASH, "main", 9, new LeafDetail.Audit(3, HASH)).encode());
    for (int i = 0; i < 40_000; i++) {
      byte[] leaf = leaves.get(i % 4).clone();
      leaf[random.nextInt(leaf.length)] = (byte) random.nextInt(256);
      try {
        assertArrayEquals(leaf, LogEntry.decode(leaf).encode());
      } catch (InvalidEntryException expected) {
        // refused with the typed error: fine
      }
    }
  }

  @Test
  void wire_names_and_codes_map_both_ways() {
    for (EntryType type : EntryType.values()) {
      assertEquals(type, EntryType.ofWireName(type.wireName()));
      assertEquals(type, EntryType.ofCode(type.code()));
    }
    assertThrows(InvalidEntryException.class, () -> EntryType.ofWireName("TRANSFER"));
    assertThrows(InvalidEntryException.class, () -> EntryType.ofCode((byte) 9));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object value) {
    return (Map<String, Object>) value;
  }
}
