package io.paramant.relay.blob.boundary;

import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.blob.BlobHash;
import io.paramant.relay.blob.BlobStatus;
import io.paramant.relay.blob.BlobStore;
import io.paramant.relay.blob.Download;
import io.paramant.relay.blob.StoredReceipt;
import io.paramant.relay.blob.Upload;
import io.paramant.relay.did.boundary.DidAccepted;
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
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /v2/inbound}, {@code /v2/outbound/{hash}}, {@code /v2/status/{hash}}: store a blob in RAM,
 * download it once, ask whether it is there.
 *
 * <p>Inbound order of work: headers and declared length are checked, then a slot is reserved (429
 * when the account holds its quota, 503 when the relay is full), then the body is streamed into it
 * while hashing ({@link UploadBodies}: cut at its size limit, and when it arrives too slowly);
 * nothing is buffered beyond a 64 KiB read buffer.
 */
@Path("v2")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class BlobsResource {

  /** Receipt of a stored blob. */
  public record Inbound(boolean ok, String hash, long ttlMs, int size, long ctIndex) {}

  /** Availability of a blob; {@code bytes} and {@code ttl_remaining_ms} only when available. */
  public record Status(boolean available, Long bytes, Long ttlRemainingMs) {}

  /** Base64 of MAX_BLOB bytes plus room for the other fields and white space. */
  static final long MAX_JSON_BODY = 4L * ((BlobStore.MAX_BLOB + 2) / 3) + 64 * 1024;

  private static final int READ_BUFFER = 64 * 1024;

  @Inject BlobStore store;
  @Inject Caller caller;
  @Inject UploadBodies bodies;

  @POST
  @Path("inbound")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Inbound inboundJson(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    Account account = caller.account();
    InputStream bounded = bodies.open(body, length, MAX_JSON_BODY);
    try (Upload upload = store.beginUpload(account)) {
      InboundJson.Fields fields = bodies.read(() -> InboundJson.read(bounded, upload));
      long ttlMs = account.ttlMs(fields.ttlMs());
      return receipt(upload.commit(fields.hash(), ttlMs, fields.device()));
    }
  }

  @POST
  @Path("inbound")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  public Inbound inboundBinary(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @HeaderParam("X-Paramant-Hash") String hashHeader,
      @HeaderParam("X-Paramant-Ttl-Ms") String ttlHeader,
      @HeaderParam("X-Paramant-Device") String deviceHeader) {
    Account account = caller.account();
    if (hashHeader == null) {
      throw new InvalidInputException("missing_field", "The X-Paramant-Hash header is required.");
    }
    String hash = BlobHash.parse(hashHeader);
    long ttlMs = account.ttlMs(ttlHeader(ttlHeader));
    String device = DeviceIdParameter.optional(deviceHeader);
    InputStream bounded = bodies.open(body, length, BlobStore.MAX_BLOB);
    store.requireAbsent(hash);
    try (Upload upload = store.beginUpload(account)) {
      bodies.read(() -> copy(bounded, upload));
      return receipt(upload.commit(hash, ttlMs, device));
    }
  }

  /**
   * The bytes, always as {@code application/octet-stream}. JSON is listed as well because errors
   * are JSON: generated clients send an {@code Accept} that names it (the Python generator sends
   * only {@code application/json}), and such a request gets the bytes, not 406 (RFC 9110 lets a
   * server disregard Accept). An Accept that names neither type is still refused with 406.
   */
  @GET
  @Path("outbound/{hash}")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  public Response outbound(@PathParam("hash") String hash) {
    Download download = store.claim(BlobHash.parse(hash), caller.account().owner());
    StreamingOutput body = download::transferTo;
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .header(HttpHeaders.CONTENT_LENGTH, download.size())
        .build();
  }

  /**
   * HEAD would run the GET and consume the one download without delivering it, so it is refused;
   * use {@code /v2/status/{hash}}.
   */
  @HEAD
  @Path("outbound/{hash}")
  public Response outboundHead() {
    throw new NotAllowedException("GET");
  }

  @GET
  @Path("status/{hash}")
  @Produces(MediaType.APPLICATION_JSON)
  public Status status(@PathParam("hash") String hash) {
    BlobStatus status = store.status(BlobHash.parse(hash), caller.account().owner());
    return status.available()
        ? new Status(true, status.bytes(), status.ttlRemainingMs())
        : new Status(false, null, null);
  }

  private static Inbound receipt(StoredReceipt receipt) {
    return new Inbound(true, receipt.hash(), receipt.ttlMs(), receipt.size(), receipt.ctIndex());
  }

  private static Long ttlHeader(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "invalid_ttl", "X-Paramant-Ttl-Ms must be a whole number of milliseconds.");
    }
  }

  /**
   * Copies the body into the slab through one read buffer, which is overwritten before it becomes
   * garbage (the heap does not clear freed memory; the download path does the same).
   */
  private static Void copy(InputStream in, Upload upload) throws IOException {
    byte[] buffer = new byte[READ_BUFFER];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        upload.write(buffer, 0, n);
      }
      return null;
    } finally {
      java.util.Arrays.fill(buffer, (byte) 0);
    }
  }
}
