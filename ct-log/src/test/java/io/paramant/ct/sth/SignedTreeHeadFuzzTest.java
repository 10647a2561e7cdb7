package io.paramant.ct.sth;

import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Tree heads as a hostile relay serves them: the pinned known-answer head with any of its fields
 * replaced or edited, verified either with the pinned key or, as a client does on first use, with a
 * key the relay serves itself (any bytes, named by their own key id). {@link SignedTreeHead#verify}
 * may only throw {@link InvalidTreeHeadException}, and nothing but the genuine head verifies with
 * the pinned key. Seeds and findings:
 * src/test/resources/io/paramant/ct/sth/SignedTreeHeadFuzzTestInputs/.
 */
class SignedTreeHeadFuzzTest {

  private static final Map<String, Object> KAT = json("kat/tree-head.json");
  private static final byte[] PUBLIC_KEY = hex(KAT.get("public_key_hex"));
  private static final byte[] ROOT = hex(KAT.get("root_hash_hex"));
  private static final byte[] SIGNATURE = hex(KAT.get("signature_hex"));
  private static final long SIZE = (long) KAT.get("tree_size");
  private static final long TIME = (long) KAT.get("timestamp_ms");
  private static final String KEY_ID = (String) KAT.get("key_id");

  @FuzzTest
  void verify(FuzzedDataProvider data) {
    long size = data.consumeBoolean() ? SIZE : data.consumeLong();
    long time = data.consumeBoolean() ? TIME : data.consumeLong();
    byte[] root = data.consumeBoolean() ? ROOT : edited(data, ROOT);
    byte[] signature = data.consumeBoolean() ? SIGNATURE : edited(data, SIGNATURE);
    boolean pinned = data.consumeBoolean();
    byte[] key = pinned ? PUBLIC_KEY : edited(data, PUBLIC_KEY);
    String keyId =
        data.consumeBoolean()
            ? SignedTreeHead.keyId(key)
            : data.consumeString(data.consumeInt(0, 80));
    SignedTreeHead head = new SignedTreeHead(size, time, root, signature, keyId);
    try {
      head.verify(key);
    } catch (InvalidTreeHeadException refused) {
      return;
    }
    if (pinned) {
      assertEquals(SIZE, head.treeSize());
      assertEquals(TIME, head.timestampMillis());
      assertArrayEquals(ROOT, head.rootHash());
      assertEquals(KEY_ID, head.keyId());
    }
  }

  /** {@code original} with a range overwritten, cut short or extended, or replaced entirely. */
  private static byte[] edited(FuzzedDataProvider data, byte[] original) {
    switch (data.consumeInt(0, 3)) {
      case 0 -> {
        byte[] copy = original.clone();
        int at = data.consumeInt(0, copy.length - 1);
        byte[] patch = data.consumeBytes(data.consumeInt(1, 8));
        System.arraycopy(patch, 0, copy, at, Math.min(patch.length, copy.length - at));
        return copy;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(original, data.consumeInt(0, original.length + 8));
      }
      case 2 -> {
        return new byte[original.length];
      }
      default -> {
        return data.consumeBytes(data.consumeInt(0, original.length + 8));
      }
    }
  }
}
