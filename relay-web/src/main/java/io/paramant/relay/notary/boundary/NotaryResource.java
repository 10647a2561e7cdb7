package io.paramant.relay.notary.boundary;

import io.paramant.accounts.JsonText;
import io.paramant.ct.SectorLog;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.did.boundary.DidAccepted;
import io.paramant.relay.notary.Notarised;
import io.paramant.relay.notary.Notary;
import io.paramant.relay.platform.SmallBodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** {@code POST /v2/notary}: log a device's signature over a document's hash (docs/notary.md). */
@Path("v2/notary")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class NotaryResource {

  /** The logged signature. */
  public record Logged(
      boolean ok,
      long ctIndex,
      long insertedAt,
      String leafHash,
      String sector,
      String namespace,
      String deviceId,
      String fingerprint,
      String binding) {}

  static final int MAX_BODY = 64 * 1024;
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{1,8192}");

  @Inject Notary notary;
  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Logged sign(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    JsonObject json = parse(SmallBodies.read(body, length, MAX_BODY));
    String deviceId = string(json, "device_id");
    String document = string(json, "document_sha256");
    if (!HEX_64.matcher(document).matches()) {
      throw new InvalidInputException(
          "invalid_field", "document_sha256 must be the document's SHA-256 as 64 hex digits.");
    }
    JsonValue at = json.get("signed_at_ms");
    if (at == null) {
      throw new InvalidInputException("missing_field", "signed_at_ms is required.");
    }
    if (!(at instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigIntegerValue().bitLength() > 62
        || number.longValue() < 0) {
      throw new InvalidInputException(
          "invalid_field", "signed_at_ms must be a whole number of milliseconds since the epoch.");
    }
    String signatureText = string(json, "signature");
    byte[] signature = null;
    if (BASE64URL.matcher(signatureText).matches()) {
      try {
        signature = Base64.getUrlDecoder().decode(signatureText);
      } catch (IllegalArgumentException e) {
        signature = null;
      }
    }
    if (signature == null || signature.length != 3309) {
      throw new InvalidInputException(
          "invalid_field",
          "signature must be base64url without padding of a 3309-byte ML-DSA-65 signature.");
    }
    Notarised logged =
        notary.sign(
            caller.account(),
            deviceId,
            HexFormat.of().parseHex(document.toLowerCase(java.util.Locale.ROOT)),
            number.longValue(),
            signature);
    return new Logged(
        true,
        logged.ctIndex(),
        logged.leaf().insertedAtMillis(),
        HexFormat.of().formatHex(SectorLog.HASHER.hashLeaf(logged.leaf().encode())),
        logged.leaf().sector(),
        logged.namespace(),
        logged.deviceId(),
        logged.fingerprint(),
        logged.binding());
  }

  private static JsonObject parse(byte[] bytes) {
    try {
      return JsonText.object(bytes);
    } catch (JsonText.Malformed e) {
      throw new InvalidInputException(
          "malformed_json", "The request body is not a valid JSON object.");
    }
  }

  private static String string(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (value == null || value == JsonValue.NULL) {
      throw new InvalidInputException("missing_field", field + " is required.");
    }
    if (!(value instanceof JsonString text)) {
      throw new InvalidInputException("invalid_field", field + " must be a string.");
    }
    return text.getString();
  }
}
