package io.paramant.client.internal.ctlog;

import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.util.HexFormat;

/**
 * A signed tree head and its key as JSON: the {@code TreeHead} schema of {@code GET /v2/ct/sth}.
 * The client's state files hold the same fields, so one reader serves both.
 */
final class TreeHeadJson {

  /** An encoded ML-DSA-65 public key (FIPS 204). */
  static final int PUBLIC_KEY_LENGTH = 1952;

  /** An ML-DSA-65 signature (FIPS 204). */
  static final int SIGNATURE_LENGTH = 3309;

  /** A key id: SHA3-256 of the public key. */
  private static final int KEY_ID_LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private TreeHeadJson() {}

  /**
   * @throws StrictJson.ShapeException if a field is missing or malformed
   */
  static ServedHead read(JsonObject json) {
    if (!SignedTreeHead.ALGORITHM.equals(StrictJson.string(json, "algorithm"))) {
      throw new StrictJson.ShapeException("algorithm is not " + SignedTreeHead.ALGORITHM);
    }
    SignedTreeHead head =
        new SignedTreeHead(
            StrictJson.wholeNumber(json, "tree_size"),
            StrictJson.wholeNumber(json, "timestamp"),
            StrictJson.hex(json, "root_hash", SignedTreeHead.ROOT_HASH_LENGTH),
            StrictJson.hex(json, "signature", SIGNATURE_LENGTH),
            HEX.formatHex(StrictJson.hex(json, "key_id", KEY_ID_LENGTH)));
    return new ServedHead(head, StrictJson.hex(json, "public_key", PUBLIC_KEY_LENGTH));
  }

  /** Writes the fields into the object {@code json} is in. */
  static void write(JsonGenerator json, SignedTreeHead head, byte[] publicKey) {
    json.write("tree_size", head.treeSize())
        .write("root_hash", HEX.formatHex(head.rootHash()))
        .write("timestamp", head.timestampMillis())
        .write("signature", HEX.formatHex(head.signature()))
        .write("algorithm", SignedTreeHead.ALGORITHM)
        .write("key_id", head.keyId())
        .write("public_key", HEX.formatHex(publicKey));
  }
}
