package io.paramant.relay.audit.boundary;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.audit.AuditExport;
import io.paramant.relay.audit.AuditTrail;
import io.paramant.relay.did.boundary.DidAccepted;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code GET /v2/audit}: the caller's account's audit chain ({@link AuditTrail}), as a JSON page or
 * as CSV ({@code Accept: text/csv} or {@code ?format=csv}), streamed from its file.
 */
@Path("v2/audit")
@RequestScoped
@ApiKeyRequired
@DidAccepted
public class AuditResource {

  static final String TEXT_CSV = "text/csv";
  static final int DEFAULT_LIMIT = 10_000;

  @Inject AuditTrail trail;
  @Inject Caller caller;

  @GET
  @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
  public Response export(
      @QueryParam("format") String format,
      @QueryParam("after_seq") String afterSeq,
      @QueryParam("limit") String limit,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    boolean csv = csv(format, accept);
    long after = number("after_seq", afterSeq, 0, Long.MAX_VALUE, 0);
    int pageSize = (int) number("limit", limit, 1, AuditExport.MAX_PAGE, DEFAULT_LIMIT);
    AuditTrail.Snapshot snapshot = trail.snapshot(caller.account().label());
    long exportedAt = System.currentTimeMillis();
    if (csv) {
      StreamingOutput body = out -> AuditExport.csv(snapshot, out);
      return Response.ok(body, TEXT_CSV + "; charset=utf-8; header=present")
          .header(
              "Content-Disposition", "attachment; filename=\"audit-" + snapshot.sector() + ".csv\"")
          .build();
    }
    StreamingOutput body = out -> AuditExport.json(snapshot, after, pageSize, exportedAt, out);
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static boolean csv(String format, String accept) {
    if (format != null) {
      switch (format) {
        case "csv":
          return true;
        case "json":
          return false;
        default:
          throw new InvalidInputException("invalid_format", "format is csv or json.");
      }
    }
    return accept != null
        && accept.toLowerCase(java.util.Locale.ROOT).contains(TEXT_CSV)
        && !accept.toLowerCase(java.util.Locale.ROOT).contains(MediaType.APPLICATION_JSON);
  }

  private static long number(String name, String text, long min, long max, long absent) {
    if (text == null) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new InvalidInputException(
        "invalid_field", name + " must be a whole number from " + min + " to " + max + ".");
  }
}
