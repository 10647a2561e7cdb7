package io.paramant.client.testing;

import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** DID documents as docs/did.md ("Resolution") has a relay serve them. */
public final class DidDocuments {

  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private DidDocuments() {}

  /**
   * The document of {@code did} naming these keys (ML-DSA-65, P-256 SEC1 uncompressed) and the
   * {@code paramantLog} evidence.
   */
  public static JsonObjectBuilder document(
      String did, byte[] mlDsa, byte[] p256, JsonObjectBuilder paramantLog) {
    return Json.createObjectBuilder()
        .add(
            "@context",
            Json.createArrayBuilder()
                .add("https://www.w3.org/ns/did/v1")
                .add("https://w3id.org/security/suites/jws-2020/v1"))
        .add("id", did)
        .add(
            "verificationMethod",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("id", did + "#sig")
                        .add("type", "JsonWebKey2020")
                        .add("controller", did)
                        .add(
                            "publicKeyJwk",
                            Json.createObjectBuilder()
                                .add("kty", "AKP")
                                .add("alg", "ML-DSA-65")
                                .add("pub", BASE64URL.encodeToString(mlDsa))))
                .add(
                    Json.createObjectBuilder()
                        .add("id", did + "#kex")
                        .add("type", "JsonWebKey2020")
                        .add("controller", did)
                        .add(
                            "publicKeyJwk",
                            Json.createObjectBuilder()
                                .add("kty", "EC")
                                .add("crv", "P-256")
                                .add("x", BASE64URL.encodeToString(Arrays.copyOfRange(p256, 1, 33)))
                                .add(
                                    "y",
                                    BASE64URL.encodeToString(Arrays.copyOfRange(p256, 33, 65))))))
        .add("authentication", Json.createArrayBuilder().add(did + "#sig"))
        .add("assertionMethod", Json.createArrayBuilder().add(did + "#sig"))
        .add("keyAgreement", Json.createArrayBuilder().add(did + "#kex"))
        .add("paramantLog", paramantLog);
  }

  /** The {@code paramantLog} of leaf {@code index} proven by {@code proof}, under {@code sth}. */
  public static JsonObjectBuilder paramantLog(
      LogEntry leaf, long index, InclusionProof proof, JsonObjectBuilder sth) {
    JsonArrayBuilder path = Json.createArrayBuilder();
    proof.path().forEach(h -> path.add(HEX.formatHex(h)));
    return Json.createObjectBuilder()
        .add("sector", leaf.sector())
        .add("ct_index", index)
        .add("inserted_at", leaf.insertedAtMillis())
        .add("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(leaf.encode())))
        .add("tree_size", proof.treeSize())
        .add("inclusion_proof", path)
        .add("sth", sth);
  }
}
