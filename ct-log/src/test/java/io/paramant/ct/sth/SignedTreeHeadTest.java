package io.paramant.ct.sth;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedTreeHeadTest {

  private static final Map<String, Object> KAT = json("kat/tree-head.json");
  private static final byte[] PUBLIC_KEY = hex(KAT.get("public_key_hex"));
  private static final byte[] ROOT = hex(KAT.get("root_hash_hex"));
  private static final long SIZE = (long) KAT.get("tree_size");
  private static final long TIME = (long) KAT.get("timestamp_ms");
  private static final String KEY_ID = (String) KAT.get("key_id");

  private static RelayIdentity identity;

  @BeforeAll
  static void createIdentity(@TempDir Path directory) {
    identity = RelayIdentity.loadOrCreate(directory.resolve("identity.key"));
  }

  @Test
  void signed_message_is_label_size_time_and_root_as_pinned() {
    assertArrayEquals(
        hex(KAT.get("signed_message_hex")), SignedTreeHead.signedMessage(SIZE, TIME, ROOT));
  }

  @Test
  void pinned_tree_head_verifies_with_the_pinned_key() {
    pinned().verify(PUBLIC_KEY);
    assertEquals(KEY_ID, SignedTreeHead.keyId(PUBLIC_KEY));
  }

  @Test
  void tree_head_signed_by_an_identity_verifies_with_its_public_key() {
    SignedTreeHead head = identity.sign(42, 1_000, ROOT);
    head.verify(identity.publicKey());
    assertEquals(identity.keyId(), head.keyId());
    assertEquals(42, head.treeSize());
    assertEquals(1_000, head.timestampMillis());
    assertArrayEquals(ROOT, head.rootHash());
  }

  @Test
  void tree_head_with_any_bit_of_its_root_flipped_fails() {
    SignedTreeHead head = pinned();
    for (int bit = 0; bit < 8 * ROOT.length; bit++) {
      byte[] root = ROOT.clone();
      root[bit / 8] ^= (byte) (1 << (bit % 8));
      assertInvalid(new SignedTreeHead(SIZE, TIME, root, head.signature(), KEY_ID));
    }
  }

  @Test
  void tree_head_with_another_size_or_time_fails() {
    byte[] signature = pinned().signature();
    for (long size : new long[] {SIZE - 1, SIZE + 1, SIZE ^ (1L << 62), -1}) {
      assertInvalid(new SignedTreeHead(size, TIME, ROOT, signature, KEY_ID));
    }
    for (long time : new long[] {TIME - 1, TIME + 1, TIME ^ (1L << 62), -1}) {
      assertInvalid(new SignedTreeHead(SIZE, time, ROOT, signature, KEY_ID));
    }
  }

  /** Every 61st bit (a prime stride, so every bit position within a byte is hit): 434 flips. */
  @Test
  void tree_head_with_a_bit_of_its_signature_flipped_fails() {
    byte[] signature = pinned().signature();
    for (int bit = 0; bit < 8 * signature.length; bit += 61) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertInvalid(new SignedTreeHead(SIZE, TIME, ROOT, flipped, KEY_ID));
    }
  }

  @Test
  void tree_head_with_a_truncated_or_empty_signature_or_a_short_root_fails() {
    byte[] signature = pinned().signature();
    assertInvalid(new SignedTreeHead(SIZE, TIME, ROOT, new byte[0], KEY_ID));
    assertInvalid(new SignedTreeHead(SIZE, TIME, ROOT, Arrays.copyOf(signature, 100), KEY_ID));
    assertInvalid(new SignedTreeHead(SIZE, TIME, Arrays.copyOf(ROOT, 31), signature, KEY_ID));
  }

  @Test
  void tree_head_checked_with_another_key_fails() {
    SignedTreeHead head = pinned();
    assertThrows(InvalidTreeHeadException.class, () -> head.verify(identity.publicKey()));
    SignedTreeHead claimsOtherKey =
        new SignedTreeHead(SIZE, TIME, ROOT, head.signature(), identity.keyId());
    assertThrows(InvalidTreeHeadException.class, () -> claimsOtherKey.verify(identity.publicKey()));
    byte[] notAKey = new byte[32];
    SignedTreeHead namesNotAKey =
        new SignedTreeHead(SIZE, TIME, ROOT, head.signature(), SignedTreeHead.keyId(notAKey));
    assertThrows(InvalidTreeHeadException.class, () -> namesNotAKey.verify(notAKey));
  }

  @Test
  void tree_head_is_an_immutable_value() {
    SignedTreeHead head = pinned();
    head.rootHash()[0] ^= 1;
    head.signature()[0] ^= 1;
    head.verify(PUBLIC_KEY);
    assertEquals(pinned(), head);
    assertEquals(pinned().hashCode(), head.hashCode());
    assertNotEquals(identity.sign(SIZE, TIME, ROOT), head);
  }

  private static SignedTreeHead pinned() {
    return new SignedTreeHead(SIZE, TIME, ROOT, hex(KAT.get("signature_hex")), KEY_ID);
  }

  private static void assertInvalid(SignedTreeHead head) {
    assertThrows(InvalidTreeHeadException.class, () -> head.verify(PUBLIC_KEY));
  }
}
