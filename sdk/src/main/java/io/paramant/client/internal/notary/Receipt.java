package io.paramant.client.internal.notary;

import io.paramant.client.PublicKeys;
import io.paramant.client.internal.ctlog.ServedHead;
import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A notary receipt (docs/notary.md, "The receipt") as fields: read strictly from its JSON ({@link
 * #read}: exact types, hex of exact lengths, no duplicate keys) and written in the documented order
 * ({@link #toJson}). Nothing in it is verified here.
 *
 * @param ecdh the signer's P-256 key, or null for a device registered without one
 * @param sthJson the tree head exactly as {@code GET /v2/ct/sth} served it
 */
public record Receipt(
    byte[] documentSha256,
    long signedAtMillis,
    byte[] signature,
    String namespace,
    String deviceId,
    byte[] mlKem,
    byte[] ecdh,
    byte[] mlDsa,
    String fingerprint,
    String binding,
    String sector,
    Leaf notaryLeaf,
    Leaf pubkeyLeaf,
    ServedHead sth,
    JsonObject sthJson) {

  /** The version this client writes and reads. */
  public static final int VERSION = 1;

  /** One leaf's position, time and inclusion proof. */
  public record Leaf(long ctIndex, long insertedAtMillis, List<byte[]> inclusionProof) {
    public Leaf {
      inclusionProof = List.copyOf(inclusionProof);
    }
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final int HASH = 32;
  private static final int P256_LENGTH = 65;
  private static final JsonWriterFactory WRITERS =
      Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  /**
   * @throws StrictJson.ShapeException if it is not a receipt of version {@value #VERSION}
   */
  public static Receipt read(byte[] json) {
    JsonObject receipt = StrictJson.parse(json);
    if (StrictJson.wholeNumber(receipt, "paramant_notary_receipt") != VERSION) {
      throw new StrictJson.ShapeException("paramant_notary_receipt is not " + VERSION);
    }
    String signatureText = StrictJson.string(receipt, "signature");
    byte[] signature = NotaryMessage.decode(signatureText);
    if (signature == null || signature.length != 3309) {
      throw new StrictJson.ShapeException(
          "signature is not base64url (no padding) of a 3309-byte ML-DSA-65 signature");
    }
    JsonObject signer = StrictJson.object(receipt, "signer");
    JsonObject sth = StrictJson.object(receipt, "sth");
    return new Receipt(
        StrictJson.hex(receipt, "document_sha256", HASH),
        StrictJson.wholeNumber(receipt, "signed_at_ms"),
        signature,
        StrictJson.string(signer, "namespace"),
        StrictJson.string(signer, "device_id"),
        StrictJson.hex(signer, "kyber_pub", PublicKeys.ML_KEM_768_LENGTH),
        StrictJson.optionalHex(signer, "ecdh_pub", P256_LENGTH),
        StrictJson.hex(signer, "dsa_pub", PublicKeys.ML_DSA_65_LENGTH),
        HEX.formatHex(StrictJson.hex(signer, "fingerprint", HASH)),
        HEX.formatHex(StrictJson.hex(signer, "binding", HASH)),
        StrictJson.string(receipt, "sector"),
        leaf(StrictJson.object(receipt, "notary_leaf")),
        leaf(StrictJson.object(receipt, "pubkey_leaf")),
        ServedHead.fromJson(sth),
        sth);
  }

  private static Leaf leaf(JsonObject json) {
    return new Leaf(
        StrictJson.wholeNumber(json, "ct_index"),
        StrictJson.wholeNumber(json, "inserted_at"),
        StrictJson.hexArray(json, "inclusion_proof", HASH));
  }

  /** The receipt as pretty-printed UTF-8 JSON, fields in the order of docs/notary.md. */
  public byte[] toJson() {
    JsonObjectBuilder signer =
        Json.createObjectBuilder()
            .add("namespace", namespace)
            .add("device_id", deviceId)
            .add("kyber_pub", HEX.formatHex(mlKem));
    if (ecdh != null) {
      signer.add("ecdh_pub", HEX.formatHex(ecdh));
    }
    signer
        .add("dsa_pub", HEX.formatHex(mlDsa))
        .add("fingerprint", fingerprint)
        .add("binding", binding);
    JsonObject json =
        Json.createObjectBuilder()
            .add("paramant_notary_receipt", VERSION)
            .add("document_sha256", HEX.formatHex(documentSha256))
            .add("signed_at_ms", signedAtMillis)
            .add("signature", NotaryMessage.encode(signature))
            .add("signer", signer)
            .add("sector", sector)
            .add("notary_leaf", leafJson(notaryLeaf))
            .add("pubkey_leaf", leafJson(pubkeyLeaf))
            .add("sth", sthJson)
            .build();
    StringWriter text = new StringWriter();
    try (JsonWriter writer = WRITERS.createWriter(text)) {
      writer.writeObject(json);
    }
    return (text.toString().strip() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObjectBuilder leafJson(Leaf leaf) {
    JsonArrayBuilder proof = Json.createArrayBuilder();
    leaf.inclusionProof().forEach(hash -> proof.add(HEX.formatHex(hash)));
    return Json.createObjectBuilder()
        .add("ct_index", leaf.ctIndex())
        .add("inserted_at", leaf.insertedAtMillis())
        .add("inclusion_proof", proof);
  }

  /** The head the receipt's proofs are against. */
  public SignedTreeHead head() {
    return sth.head();
  }

  @Override
  public String toString() {
    return "Receipt[" + HEX.formatHex(documentSha256) + " by " + namespace + "/" + deviceId + "]";
  }
}
