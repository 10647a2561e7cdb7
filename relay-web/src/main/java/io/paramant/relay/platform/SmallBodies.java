package io.paramant.relay.platform;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobTooLargeException;
import java.io.IOException;
import java.io.InputStream;

/** The whole body of a request whose body is small by definition (key and DID registrations). */
public final class SmallBodies {

  private SmallBodies() {}

  /**
   * The body, at most {@code limit} bytes: a declared length above it is refused before reading, an
   * undeclared one is cut at {@code limit + 1} bytes and refused (413 either way).
   *
   * @throws BlobTooLargeException {@code payload_too_large}
   * @throws InvalidInputException {@code incomplete_body} when the body cannot be read
   */
  public static byte[] read(InputStream body, Long declaredLength, int limit) {
    if (declaredLength != null && declaredLength > limit) {
      throw new BlobTooLargeException("The request body exceeds " + limit + " bytes.");
    }
    try {
      byte[] bytes = body.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new BlobTooLargeException("The request body exceeds " + limit + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidInputException(
          "incomplete_body", "The request body could not be read completely.");
    }
  }
}
