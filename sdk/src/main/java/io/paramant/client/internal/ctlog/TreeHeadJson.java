package io.paramant.client.internal.ctlog;

import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed tree head and its key as JSON: the {@code TreeHead} schema of {@code GET /v2/ct/sth},
 * with its optional {@code origin} and {@code cosignatures} (absent in the client's state files,
 * which hold the other fields, so one reader serves both).
 */
final class TreeHeadJson {

  /** An encoded ML-DSA-65 public key (FIPS 204). */
  static final int PUBLIC_KEY_LENGTH = 1952;

  /** An ML-DSA-65 signature (FIPS 204). */
  static final int SIGNATURE_LENGTH = 3309;

  /** A key id: SHA3-256 of the public key. */
  private static final int KEY_ID_LENGTH = 32;

  /**
   * The most cosignatures read from one head: more than any quorum needs (a deployment's sectors
   * and a few outside witnesses), few enough that a hostile relay cannot make a client verify
   * hundreds of signatures.
   */
  static final int MAX_COSIGNATURES = 16;

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
    List<Cosignature> cosignatures = new ArrayList<>();
    if (json.containsKey("cosignatures")) {
      JsonArray served = StrictJson.array(json, "cosignatures");
      if (served.size() > MAX_COSIGNATURES) {
        throw new StrictJson.ShapeException(
            "cosignatures holds more than " + MAX_COSIGNATURES + " entries");
      }
      for (JsonValue value : served) {
        if (!(value instanceof JsonObject cosignature)) {
          throw new StrictJson.ShapeException("cosignatures holds something other than objects");
        }
        cosignatures.add(
            new Cosignature(
                HEX.formatHex(StrictJson.hex(cosignature, "witness_key_id", KEY_ID_LENGTH)),
                StrictJson.string(cosignature, "witness_url"),
                StrictJson.wholeNumber(cosignature, "cosigned_at"),
                StrictJson.hex(cosignature, "signature", SIGNATURE_LENGTH)));
      }
    }
    return new ServedHead(
        head,
        StrictJson.hex(json, "public_key", PUBLIC_KEY_LENGTH),
        StrictJson.optionalString(json, "origin"),
        cosignatures);
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
