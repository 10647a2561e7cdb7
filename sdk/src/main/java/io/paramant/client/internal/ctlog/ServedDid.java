package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.KEY_MISMATCH;
import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.EnvelopeException;
import io.paramant.client.LogVerificationException;
import io.paramant.client.PublicKeys;
import io.paramant.client.internal.crypto.P256;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DID document as {@code GET /v2/did/{did}} serves it (docs/did.md, "Resolution"), read strictly:
 * the two JWKs, the references to them, and the {@code paramantLog} evidence. Reading checks that
 * the DID recomputed from the two keys is the DID asked for; {@link LogAudit#checkDid} checks the
 * {@code did} leaf's inclusion, {@link LogAudit#acceptServedHead} the tree head.
 *
 * @param mlDsa the ML-DSA-65 key of {@code #sig}, 1952 bytes
 * @param p256 the P-256 key of {@code #kex}, SEC1 uncompressed (65 bytes), a point on the curve
 * @param sector the sector named in the {@code did} leaf (not yet checked)
 * @param leafHash the {@code leaf_hash} as served (checked against the leaf rebuilt here)
 * @param treeSize the size of the tree the inclusion proof is made for
 */
public record ServedDid(
    String did,
    byte[] mlDsa,
    byte[] p256,
    String sector,
    long ctIndex,
    long insertedAtMillis,
    byte[] leafHash,
    long treeSize,
    List<byte[]> inclusionProof,
    ServedHead sth) {

  /** A {@code did:paramant:} identifier: 32 characters of lowercase base32 after the prefix. */
  public static final Pattern DID = Pattern.compile("did:paramant:[a-z2-7]{32}");

  private static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";
  private static final String METHOD_TYPE = "JsonWebKey2020";
  private static final int HASH_LENGTH = 32;
  private static final int COORDINATE_LENGTH = 32;

  public ServedDid {
    Objects.requireNonNull(did, "did");
    mlDsa = mlDsa.clone();
    p256 = p256.clone();
    leafHash = leafHash.clone();
    inclusionProof = List.copyOf(inclusionProof);
  }

  /** Whether {@code text} is a {@code did:paramant:} identifier. */
  public static boolean isDid(String text) {
    return text != null && DID.matcher(text).matches();
  }

  /**
   * Reads the answer to a resolution of {@code did}.
   *
   * @throws LogVerificationException {@code MALFORMED_RESPONSE} if the answer breaks the documented
   *     shape or names another DID; {@code KEY_MISMATCH} if the DID of the served keys is not
   *     {@code did}
   */
  public static ServedDid read(String did, byte[] answer) {
    String what = "GET /v2/did/" + did;
    byte[] mlDsa;
    byte[] p256;
    JsonObject log;
    try {
      JsonObject json = StrictJson.parse(answer);
      JsonArray context = StrictJson.array(json, "@context");
      if (context.isEmpty()
          || !(context.get(0) instanceof JsonString first)
          || !DID_CONTEXT.equals(first.getString())) {
        throw new StrictJson.ShapeException("@context does not start with " + DID_CONTEXT);
      }
      if (!did.equals(StrictJson.string(json, "id"))) {
        throw new StrictJson.ShapeException("id is not the DID asked for");
      }
      String sig = did + "#sig";
      String kex = did + "#kex";
      JsonArray methods = StrictJson.array(json, "verificationMethod");
      if (methods.size() != 2) {
        throw new StrictJson.ShapeException("verificationMethod does not hold exactly two keys");
      }
      JsonObject sigKey = null;
      JsonObject kexKey = null;
      for (JsonValue value : methods) {
        if (!(value instanceof JsonObject method)) {
          throw new StrictJson.ShapeException(
              "verificationMethod holds something other than objects");
        }
        if (!METHOD_TYPE.equals(StrictJson.string(method, "type"))) {
          throw new StrictJson.ShapeException("a verification method's type is not " + METHOD_TYPE);
        }
        if (!did.equals(StrictJson.string(method, "controller"))) {
          throw new StrictJson.ShapeException("a verification method's controller is not the DID");
        }
        String id = StrictJson.string(method, "id");
        if (id.equals(sig) && sigKey == null) {
          sigKey = StrictJson.object(method, "publicKeyJwk");
        } else if (id.equals(kex) && kexKey == null) {
          kexKey = StrictJson.object(method, "publicKeyJwk");
        } else {
          throw new StrictJson.ShapeException("verificationMethod is not one #sig and one #kex");
        }
      }
      requireReferences(json, "authentication", sig);
      requireReferences(json, "assertionMethod", sig);
      requireReferences(json, "keyAgreement", kex);
      mlDsa = mlDsaKey(sigKey);
      p256 = p256Key(kexKey);
      log = StrictJson.object(json, "paramantLog");
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(MALFORMED_RESPONSE, what + ": " + e.getMessage());
    }
    String computed = PublicKeys.didOf(mlDsa, p256);
    if (!computed.equals(did)) {
      throw new LogVerificationException(
          KEY_MISMATCH, "the keys served for " + did + " are the keys of " + computed);
    }
    try {
      return new ServedDid(
          did,
          mlDsa,
          p256,
          StrictJson.string(log, "sector"),
          StrictJson.wholeNumber(log, "ct_index"),
          StrictJson.wholeNumber(log, "inserted_at"),
          StrictJson.hex(log, "leaf_hash", HASH_LENGTH),
          StrictJson.wholeNumber(log, "tree_size"),
          StrictJson.hexArray(log, "inclusion_proof", HASH_LENGTH),
          TreeHeadJson.read(StrictJson.object(log, "sth")));
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(
          MALFORMED_RESPONSE, what + ": paramantLog: " + e.getMessage());
    }
  }

  /** {@code name} is exactly {@code [reference]}. */
  private static void requireReferences(JsonObject json, String name, String reference) {
    JsonArray references = StrictJson.array(json, name);
    if (references.size() != 1
        || !(references.get(0) instanceof JsonString only)
        || !reference.equals(only.getString())) {
      throw new StrictJson.ShapeException(name + " is not exactly the reference " + reference);
    }
  }

  /** An {@code AKP} JWK of an ML-DSA-65 key. */
  private static byte[] mlDsaKey(JsonObject jwk) {
    if (!"AKP".equals(StrictJson.string(jwk, "kty"))
        || !"ML-DSA-65".equals(StrictJson.string(jwk, "alg"))) {
      throw new StrictJson.ShapeException("the #sig key is not an AKP key of alg ML-DSA-65");
    }
    return base64url(jwk, "pub", PublicKeys.ML_DSA_65_LENGTH);
  }

  /** An {@code EC} JWK of a P-256 point on the curve, as SEC1 uncompressed bytes. */
  private static byte[] p256Key(JsonObject jwk) {
    if (!"EC".equals(StrictJson.string(jwk, "kty"))
        || !"P-256".equals(StrictJson.string(jwk, "crv"))) {
      throw new StrictJson.ShapeException("the #kex key is not an EC key of crv P-256");
    }
    if (jwk.containsKey("d")) {
      throw new StrictJson.ShapeException("the #kex key holds a private part");
    }
    byte[] point = new byte[P256.PUBLIC_KEY_LENGTH];
    point[0] = 0x04;
    System.arraycopy(base64url(jwk, "x", COORDINATE_LENGTH), 0, point, 1, COORDINATE_LENGTH);
    System.arraycopy(
        base64url(jwk, "y", COORDINATE_LENGTH), 0, point, 1 + COORDINATE_LENGTH, COORDINATE_LENGTH);
    try {
      P256.decodePublicKey(point, "the #kex key");
    } catch (EnvelopeException e) {
      throw new StrictJson.ShapeException("the #kex key is not a point on P-256");
    }
    return point;
  }

  /** Unpadded base64url of exactly {@code length} bytes, in its one canonical spelling. */
  private static byte[] base64url(JsonObject json, String name, int length) {
    String text = StrictJson.string(json, name);
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new StrictJson.ShapeException(name + " is not base64url");
    }
    if (bytes.length != length
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
      throw new StrictJson.ShapeException(
          name + " is not the unpadded base64url of " + length + " bytes");
    }
    return bytes;
  }

  @Override
  public byte[] mlDsa() {
    return mlDsa.clone();
  }

  @Override
  public byte[] p256() {
    return p256.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  @Override
  public String toString() {
    return "ServedDid[" + did + ", ct_index=" + ctIndex + "]";
  }
}
