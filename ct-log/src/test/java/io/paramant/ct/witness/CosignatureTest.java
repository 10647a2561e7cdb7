package io.paramant.ct.witness;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CosignatureTest {

  private static final Map<String, Object> KAT = json("kat/cosignature.json");
  private static final Map<String, Object> HEAD_KAT = json("kat/tree-head.json");
  private static final String ORIGIN = (String) KAT.get("origin");
  private static final byte[] WITNESS_KEY = hex(KAT.get("witness_public_key_hex"));
  private static final String WITNESS_KEY_ID = (String) KAT.get("witness_key_id");
  private static final long COSIGNED_AT = (long) KAT.get("cosigned_at_ms");

  private static RelayIdentity witness;

  @BeforeAll
  static void createWitness(@TempDir Path directory) {
    witness = RelayIdentity.loadOrCreate(directory.resolve("identity.key"));
  }

  @Test
  void signed_message_is_label_origin_key_id_size_root_and_time_as_pinned() {
    byte[] expected = hex(KAT.get("signed_message_hex"));
    assertArrayEquals(
        expected,
        Cosignature.signedMessage(
            ORIGIN,
            hex(KAT.get("log_key_id")),
            (long) KAT.get("tree_size"),
            hex(KAT.get("root_hash_hex")),
            COSIGNED_AT));
    assertArrayEquals(expected, Cosignature.signedMessage(ORIGIN, head(), COSIGNED_AT));
    assertEquals(HEAD_KAT.get("key_id"), KAT.get("log_key_id"));
    assertEquals(HEAD_KAT.get("root_hash_hex"), KAT.get("root_hash_hex"));
  }

  @Test
  void pinned_cosignature_verifies_with_the_pinned_witness_key() {
    pinned().verify(WITNESS_KEY, ORIGIN, head());
    assertEquals(WITNESS_KEY_ID, SignedTreeHead.keyId(WITNESS_KEY));
  }

  @Test
  void cosignature_made_by_an_identity_verifies_with_its_public_key() {
    Cosignature cosignature = witness.cosign("https://witness.example", ORIGIN, head(), 5_000);
    cosignature.verify(witness.publicKey(), ORIGIN, head());
    assertEquals(witness.keyId(), cosignature.witnessKeyId());
    assertEquals("https://witness.example", cosignature.witnessUrl());
    assertEquals(5_000, cosignature.cosignedAtMillis());
  }

  @Test
  void cosignature_for_another_origin_size_root_log_key_or_time_fails() {
    Cosignature cosignature = pinned();
    SignedTreeHead head = head();
    assertInvalid(cosignature, WITNESS_KEY, "https://relay.example.org:443", head);
    assertInvalid(cosignature, WITNESS_KEY, "http://relay.example.org", head);
    for (long size : new long[] {7, 9}) {
      assertInvalid(cosignature, WITNESS_KEY, ORIGIN, withSize(head, size));
    }
    for (int bit = 0; bit < 256; bit += 37) {
      byte[] root = head.rootHash();
      root[bit / 8] ^= (byte) (1 << (bit % 8));
      assertInvalid(
          cosignature,
          WITNESS_KEY,
          ORIGIN,
          new SignedTreeHead(8, 0, root, head.signature(), head.keyId()));
    }
    SignedTreeHead otherLog =
        new SignedTreeHead(8, 0, head.rootHash(), head.signature(), witness.keyId());
    assertInvalid(cosignature, WITNESS_KEY, ORIGIN, otherLog);
    for (long time : new long[] {COSIGNED_AT - 1, COSIGNED_AT + 1, -1}) {
      assertInvalid(
          new Cosignature(WITNESS_KEY_ID, "https://w", time, cosignature.signature()),
          WITNESS_KEY,
          ORIGIN,
          head);
    }
  }

  @Test
  void cosignature_does_not_cover_the_heads_timestamp_or_signature() {
    SignedTreeHead resigned =
        new SignedTreeHead(8, 1, head().rootHash(), new byte[0], head().keyId());
    pinned().verify(WITNESS_KEY, ORIGIN, resigned);
  }

  @Test
  void cosignature_checked_with_another_witness_key_fails() {
    assertInvalid(pinned(), witness.publicKey(), ORIGIN, head());
    Cosignature claimsOther =
        new Cosignature(witness.keyId(), "https://w", COSIGNED_AT, pinned().signature());
    assertInvalid(claimsOther, witness.publicKey(), ORIGIN, head());
    byte[] notAKey = new byte[32];
    Cosignature namesNotAKey =
        new Cosignature(
            SignedTreeHead.keyId(notAKey), "https://w", COSIGNED_AT, pinned().signature());
    assertInvalid(namesNotAKey, notAKey, ORIGIN, head());
  }

  /** Every 61st bit: every bit position within a byte is hit. */
  @Test
  void cosignature_with_a_flipped_truncated_or_empty_signature_fails() {
    byte[] signature = pinned().signature();
    for (int bit = 0; bit < 8 * signature.length; bit += 61) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertInvalid(withSignature(flipped), WITNESS_KEY, ORIGIN, head());
    }
    assertInvalid(withSignature(new byte[0]), WITNESS_KEY, ORIGIN, head());
    assertInvalid(withSignature(Arrays.copyOf(signature, 100)), WITNESS_KEY, ORIGIN, head());
  }

  @Test
  void origin_rule_is_a_base_url_without_trailing_slash_in_printable_ascii_up_to_255_bytes() {
    assertTrue(Cosignature.isValidOrigin("http://127.0.0.1:8080"));
    assertTrue(Cosignature.isValidOrigin("https://relay.example.org/health"));
    assertTrue(Cosignature.isValidOrigin("https://" + "a".repeat(247)));
    assertFalse(Cosignature.isValidOrigin("https://" + "a".repeat(248)));
    for (String bad :
        new String[] {
          null,
          "",
          "https://relay.example.org/",
          "relay.example.org",
          "ftp://relay",
          "https://",
          "https://relay example",
          "https://rélay.example",
          "https://relay\n",
          "http://"
        }) {
      assertFalse(Cosignature.isValidOrigin(bad), String.valueOf(bad));
      assertThrows(
          IllegalArgumentException.class,
          () -> Cosignature.signedMessage(bad, head(), COSIGNED_AT),
          String.valueOf(bad));
      assertInvalid(pinned(), WITNESS_KEY, bad, head());
    }
  }

  @Test
  void cosignature_is_an_immutable_value() {
    Cosignature cosignature = pinned();
    cosignature.signature()[0] ^= 1;
    cosignature.verify(WITNESS_KEY, ORIGIN, head());
    assertEquals(pinned(), cosignature);
    assertEquals(pinned().hashCode(), cosignature.hashCode());
  }

  private static void assertInvalid(
      Cosignature cosignature, byte[] key, String origin, SignedTreeHead head) {
    assertThrows(InvalidCosignatureException.class, () -> cosignature.verify(key, origin, head));
  }

  private static Cosignature pinned() {
    return withSignature(hex(KAT.get("signature_hex")));
  }

  private static Cosignature withSignature(byte[] signature) {
    return new Cosignature(WITNESS_KEY_ID, "https://witness.example", COSIGNED_AT, signature);
  }

  /** The tree head of tree-head.json, which the pinned cosignature covers. */
  private static SignedTreeHead head() {
    return new SignedTreeHead(
        (long) HEAD_KAT.get("tree_size"),
        (long) HEAD_KAT.get("timestamp_ms"),
        hex(HEAD_KAT.get("root_hash_hex")),
        hex(HEAD_KAT.get("signature_hex")),
        (String) HEAD_KAT.get("key_id"));
  }

  private static SignedTreeHead withSize(SignedTreeHead head, long size) {
    return new SignedTreeHead(
        size, head.timestampMillis(), head.rootHash(), head.signature(), head.keyId());
  }
}
