package io.paramant.relay.did.boundary;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.ct.SectorLog;
import io.paramant.ct.boundary.TreeHeads;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.delivery.boundary.JsonFields;
import io.paramant.relay.did.BoundDid;
import io.paramant.relay.did.DidAuthentication;
import io.paramant.relay.did.DidAuthenticationException;
import io.paramant.relay.did.DidDirectory;
import io.paramant.relay.did.DidRequest;
import io.paramant.relay.did.PublishedDid;
import io.paramant.relay.keys.PublicKeySet;
import io.paramant.relay.platform.SmallBodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v2/did}: register a device's DID (proof of possession of its ML-DSA key, bound forever)
 * and resolve a DID to its W3C DID document with the proof of its {@code did} leaf. See
 * docs/did.md.
 */
@Path("v2/did")
@RequestScoped
public class DidsResource {

  /** The answer to a registration, new or repeated. */
  public record Registered(boolean ok, String did, long ctIndex) {}

  /** The media type of a DID document (W3C DID Core §6.2). */
  public static final String DID_JSON = "application/did+json";

  /** Hex of both keys is 4,034 characters; the rest is room for the device id and white space. */
  static final int MAX_BODY = 64 * 1024;

  /** The signed header naming the namespace a registration is for (lower case, as signed). */
  static final String NAMESPACE_HEADER = "x-paramant-namespace";

  private static final Set<String> FIELDS = Set.of("device_id", "ecdh_pub", "dsa_pub");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final HexFormat HEX = HexFormat.of();

  @Inject DidDirectory directory;
  @Inject DidAuthentication authentication;
  @Inject Caller caller;
  @Inject TreeHeads treeHeads;
  @Context HttpServletRequest servletRequest;
  @Context HttpHeaders headers;

  @POST
  @Path("register")
  @ApiKeyRequired
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Registered register(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    byte[] bytes = SmallBodies.read(body, length, MAX_BODY);
    DidRequest signed =
        DidHeaders.read(
            headers.getRequestHeaders(),
            "POST",
            servletRequest,
            bytes.length > 0 || length == null);
    Map<String, String> fields =
        JsonFields.read(new ByteArrayInputStream(bytes), (long) bytes.length, MAX_BODY, FIELDS);
    for (String field : List.of("device_id", "ecdh_pub", "dsa_pub")) {
      if (!fields.containsKey(field)) {
        throw new InvalidInputException("missing_field", field + " is required.");
      }
    }
    byte[] p256 =
        PublicKeySet.decodeKey("ecdh_pub", fields.get("ecdh_pub"), PublicKeySet.P256_LENGTH);
    byte[] mlDsa =
        PublicKeySet.decodeKey("dsa_pub", fields.get("dsa_pub"), PublicKeySet.ML_DSA_65_LENGTH);
    String namespace = DeviceNamespace.of(caller.account().label(), caller.account().team());
    String signedNamespace = signed.paramantHeaders().get(NAMESPACE_HEADER);
    if (signedNamespace == null) {
      throw new InvalidInputException(
          "missing_field",
          "X-Paramant-Namespace is required: the namespace the DID is registered for, signed.");
    }
    if (!signedNamespace.equals(namespace)) {
      // before the signature is checked, so that a captured request sent with another account's
      // key does not spend the nonce the device's own request carries
      throw DidAuthenticationException.namespaceMismatch();
    }
    authentication.requirePossession(caller.account().label(), signed, sha256(bytes), mlDsa, p256);
    BoundDid bound = directory.register(caller.account(), fields.get("device_id"), mlDsa, p256);
    return new Registered(true, bound.did(), bound.ctIndex());
  }

  /**
   * The DID document. It names the keys and the log evidence only: never the device id, the
   * namespace or the account (it is public).
   */
  @GET
  @Path("{did}")
  @Produces({DID_JSON, MediaType.APPLICATION_JSON})
  public Response resolve(@PathParam("did") String did) {
    PublishedDid published = directory.publish(did);
    BoundDid bound = published.bound();
    String id = bound.did();
    Map<String, Object> document = new LinkedHashMap<>();
    document.put(
        "@context",
        List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"));
    document.put("id", id);
    document.put(
        "verificationMethod",
        List.of(
            method(
                id + "#sig",
                id,
                jwk(
                    "kty",
                    "AKP",
                    "alg",
                    "ML-DSA-65",
                    "pub",
                    BASE64URL.encodeToString(bound.mlDsa65()))),
            method(
                id + "#kex",
                id,
                jwk(
                    "kty",
                    "EC",
                    "crv",
                    "P-256",
                    "x",
                    BASE64URL.encodeToString(Arrays.copyOfRange(bound.p256(), 1, 33)),
                    "y",
                    BASE64URL.encodeToString(Arrays.copyOfRange(bound.p256(), 33, 65))))));
    document.put("authentication", List.of(id + "#sig"));
    document.put("assertionMethod", List.of(id + "#sig"));
    document.put("keyAgreement", List.of(id + "#kex"));
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("sector", published.leaf().sector());
    evidence.put("ct_index", bound.ctIndex());
    evidence.put("inserted_at", published.leaf().insertedAtMillis());
    evidence.put("leaf_hash", HEX.formatHex(SectorLog.HASHER.hashLeaf(published.leaf().encode())));
    evidence.put("tree_size", published.proof().treeSize());
    evidence.put("inclusion_proof", published.proof().path().stream().map(HEX::formatHex).toList());
    evidence.put("sth", treeHeads.served(published.treeHead()));
    document.put("paramantLog", evidence);
    return Response.ok(document, DID_JSON).build();
  }

  private static Map<String, Object> method(String id, String controller, Map<String, String> jwk) {
    Map<String, Object> method = new LinkedHashMap<>();
    method.put("id", id);
    method.put("type", "JsonWebKey2020");
    method.put("controller", controller);
    method.put("publicKeyJwk", jwk);
    return method;
  }

  private static Map<String, String> jwk(String... pairs) {
    Map<String, String> jwk = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      jwk.put(pairs[i], pairs[i + 1]);
    }
    return jwk;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
