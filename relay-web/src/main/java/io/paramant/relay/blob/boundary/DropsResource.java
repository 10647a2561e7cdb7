package io.paramant.relay.blob.boundary;

import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.blob.BlobStore;
import io.paramant.relay.blob.Download;
import io.paramant.relay.blob.DropId;
import io.paramant.relay.blob.DropReceipt;
import io.paramant.relay.blob.Upload;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * {@code /v2/drop}: store an anonymous drop under its mnemonic-derived id (key required), pick it
 * up once without a key (limited per client address).
 *
 * <p>The upload takes the inbound JSON path: declared length checked, slot reserved (429 over the
 * account's quota, which drops share with blobs; 503 when full), then the base64 payload decoded
 * straight into the slab; only the address field differs ({@code id} instead of {@code hash}, no
 * hash check).
 */
@Path("v2/drop")
@RequestScoped
public class DropsResource {

  /** Receipt of a stored drop. No log index: drops are not logged. */
  public record Stored(boolean ok, String id, long ttlMs, int size) {}

  @Inject BlobStore store;
  @Inject Caller caller;
  @Inject UploadBodies bodies;

  @POST
  @ApiKeyRequired
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Stored drop(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    Account account = caller.account();
    InputStream bounded = bodies.open(body, length, BlobsResource.MAX_JSON_BODY);
    try (Upload upload = store.beginDrop(account)) {
      InboundJson.DropFields fields = bodies.read(() -> InboundJson.readDrop(bounded, upload));
      long ttlMs = account.ttlMs(fields.ttlMs());
      DropReceipt receipt = upload.commitDrop(fields.id(), ttlMs);
      return new Stored(true, receipt.id(), receipt.ttlMs(), receipt.size());
    }
  }

  @GET
  @Path("{id}")
  @PickupLimited
  // the bytes whatever JSON-naming Accept a generated client sends (see BlobsResource#outbound)
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  public Response pickup(@PathParam("id") String id) {
    Download download = store.claimDrop(DropId.parse(id));
    StreamingOutput body = download::transferTo;
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .header(HttpHeaders.CONTENT_LENGTH, download.size())
        .build();
  }

  /**
   * HEAD would run the GET and burn the drop without delivering it, so it is refused (and not
   * counted against the pickup limit).
   */
  @HEAD
  @Path("{id}")
  public Response pickupHead() {
    throw new NotAllowedException("GET");
  }
}
