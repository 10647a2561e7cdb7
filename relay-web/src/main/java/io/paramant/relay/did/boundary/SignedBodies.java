package io.paramant.relay.did.boundary;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.did.DidAuthenticationException;
import io.paramant.relay.did.DidRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ties a DID-authenticated request's body to its signed {@code X-DID-Body-SHA256}. A small body
 * (declared at most {@value #CHECKED_AT_ONCE} bytes: ack, ticket, registration) is read and checked
 * here, before the route runs; a larger or undeclared one (an upload) is checked as the route reads
 * it ({@link SignedBodyInputStream}), so that it is never held twice.
 */
public final class SignedBodies {

  static final int CHECKED_AT_ONCE = 64 * 1024;

  private SignedBodies() {}

  /**
   * @throws DidAuthenticationException {@code did_body_mismatch} for a small body that does not
   *     match
   * @throws InvalidInputException {@code incomplete_body} when a small body cannot be read
   */
  public static void bind(ContainerRequestContext request, DidRequest signed) {
    if (!signed.hasBody()) {
      return;
    }
    long declared = DidHeaders.declaredLength(request);
    if (declared >= 0 && declared <= CHECKED_AT_ONCE) {
      int length = (int) declared;
      byte[] body;
      try {
        body = request.getEntityStream().readNBytes(length + 1);
      } catch (IOException e) {
        throw new InvalidInputException(
            "incomplete_body", "The request body could not be read completely.");
      }
      if (body.length != length) {
        throw new InvalidInputException(
            "incomplete_body", "The request body is not as long as its Content-Length.");
      }
      if (!MessageDigest.isEqual(sha256(body), HexFormat.of().parseHex(signed.bodySha256()))) {
        throw DidAuthenticationException.bodyMismatch();
      }
      request.setEntityStream(new ByteArrayInputStream(body));
      return;
    }
    request.setEntityStream(
        new SignedBodyInputStream(request.getEntityStream(), signed.bodySha256()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
