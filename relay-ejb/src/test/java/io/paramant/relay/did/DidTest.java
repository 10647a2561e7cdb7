package io.paramant.relay.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.relay.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DidTest {

  private static final byte[] DSA = filled(1952, 1);
  private static final byte[] P256 = filled(65, 2);

  @Test
  void the_did_is_32_base32_characters_of_the_sha3_of_the_keys_and_names_them() {
    String did = Did.of(DSA, P256);
    assertTrue(did.matches("did:paramant:[a-z2-7]{32}"), did);
    assertEquals(did, Did.of(DSA.clone(), P256.clone()));
    byte[] other = DSA.clone();
    other[0] ^= 1;
    assertFalse(did.equals(Did.of(other, P256)));
    // the order of the keys is part of the definition
    assertFalse(did.equals(Did.of(P256, DSA)));
    assertEquals(did, Did.parse(did));
  }

  @Test
  void other_forms_are_invalid_did() {
    for (String bad :
        new String[] {
          null,
          "",
          "did:paramant:",
          "did:paramant:" + "a".repeat(31),
          "did:paramant:" + "a".repeat(33),
          "did:paramant:" + "A".repeat(32),
          "did:paramant:" + "1".repeat(32),
          "did:web:" + "a".repeat(32),
          "DID:paramant:" + "a".repeat(32)
        }) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> Did.parse(bad));
      assertEquals("invalid_did", e.code());
    }
  }

  @Test
  void a_record_round_trips_and_a_record_whose_did_is_not_its_keys_is_refused() {
    BoundDid bound =
        new BoundDid(Did.of(DSA, P256), "account:alice", "alice", "phone", DSA, P256, 7);
    BoundDid read = DidRecord.decode(DidRecord.encode(bound));
    assertEquals(bound.did(), read.did());
    assertEquals("account:alice", read.namespace());
    assertEquals("alice", read.account());
    assertEquals("phone", read.deviceId());
    assertArrayEquals(DSA, read.mlDsa65());
    assertArrayEquals(P256, read.p256());
    assertEquals(7, read.ctIndex());

    String forged =
        new String(DidRecord.encode(bound), StandardCharsets.UTF_8)
            .replace(HexFormat.of().formatHex(P256), HexFormat.of().formatHex(filled(65, 3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> DidRecord.decode(forged.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void the_signed_lines_are_exactly_those_of_the_contract() {
    TreeMap<String, String> paramant = new TreeMap<>();
    paramant.put("x-paramant-ttl-ms", "60000");
    paramant.put("x-paramant-hash", "ab".repeat(32));
    DidRequest request =
        new DidRequest(
            "did:paramant:" + "a".repeat(32),
            "1765000000000",
            "nonce-0123456789",
            null,
            "sig",
            "POST",
            "/v2/inbound?x=1",
            "application/octet-stream",
            paramant,
            true);
    assertEquals(
        "paramant/did-auth/v1\n"
            + "POST\n"
            + "/v2/inbound?x=1\n"
            + "1765000000000\n"
            + "nonce-0123456789\n"
            + "cd".repeat(32)
            + "\n"
            + "ef".repeat(32)
            + "\n"
            + "application/octet-stream\n"
            + "x-paramant-hash:"
            + "ab".repeat(32)
            + "\n"
            + "x-paramant-ttl-ms:60000",
        new String(
            DidSignedLines.of(request, "cd".repeat(32), "ef".repeat(32)), StandardCharsets.UTF_8));
    DidRequest bare =
        new DidRequest(
            request.did(),
            "1",
            "n".repeat(16),
            null,
            "s",
            "GET",
            "/v2/monitor",
            null,
            new TreeMap<>(),
            false);
    assertEquals(
        "paramant/did-auth/v1\nGET\n/v2/monitor\n1\n"
            + "n".repeat(16)
            + "\n"
            + DidAuthentication.EMPTY_BODY_SHA256
            + "\n"
            + "ef".repeat(32)
            + "\n",
        new String(
            DidSignedLines.of(bare, DidAuthentication.EMPTY_BODY_SHA256, "ef".repeat(32)),
            StandardCharsets.UTF_8),
        "no Content-Type: an empty last line");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
