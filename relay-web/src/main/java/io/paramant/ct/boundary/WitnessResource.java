package io.paramant.ct.boundary;

import io.paramant.ct.ejb.LogWitness;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobTooLargeException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * This relay as a witness of other logs (PROTOCOL.md "Witness cosignatures"): its key document,
 * which clients pin, and the cosigning of a configured log's new head ({@link LogWitness}). No API
 * key: the witness trusts nothing in the request but what it verifies.
 */
@Path("v2/witness")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WitnessResource {

  /** The witness's public key document. */
  public record WitnessKey(String witnessKeyId, String publicKey, String algorithm, String url) {}

  private static final HexFormat HEX = HexFormat.of();

  @Inject LogWitness witness;

  @GET
  public WitnessKey key() {
    return new WitnessKey(
        witness.keyId(),
        HEX.formatHex(witness.publicKey()),
        SignedTreeHead.ALGORITHM,
        witness.url());
  }

  @POST
  @Path("cosign")
  @Consumes(MediaType.APPLICATION_JSON)
  public LogResource.CosignatureJson cosign(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    CosignRequest request = CosignRequest.parse(readSmall(body, length));
    Cosignature cosignature =
        witness.cosign(request.origin(), request.head(), request.fromSize(), request.proof());
    return LogResource.CosignatureJson.of(cosignature);
  }

  private static byte[] readSmall(InputStream body, Long declaredLength) {
    if (declaredLength != null && declaredLength > CosignRequest.MAX_BODY) {
      throw new BlobTooLargeException(
          "The request body exceeds " + CosignRequest.MAX_BODY + " bytes.");
    }
    try {
      byte[] bytes = body.readNBytes(CosignRequest.MAX_BODY + 1);
      if (bytes.length > CosignRequest.MAX_BODY) {
        throw new BlobTooLargeException(
            "The request body exceeds " + CosignRequest.MAX_BODY + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidInputException(
          "incomplete_body", "The request body could not be read completely.");
    }
  }
}
