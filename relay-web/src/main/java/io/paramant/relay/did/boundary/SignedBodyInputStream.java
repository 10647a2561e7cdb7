package io.paramant.relay.did.boundary;

import io.paramant.relay.did.DidAuthenticationException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a DID-authenticated request, hashed as the route reads it: at its end the SHA-256
 * must be the signed {@code X-DID-Body-SHA256}, else the read fails with {@code did_body_mismatch}
 * (401) and the route's work is undone as for any failed read (an upload is discarded and its slot
 * freed). The routes that accept DID authentication read their bodies to the end before acting
 * (uploads and JSON bodies both require the end of the body).
 */
final class SignedBodyInputStream extends FilterInputStream {

  private final MessageDigest sha256;
  private final byte[] expected;
  private Boolean matches;

  SignedBodyInputStream(InputStream body, String expectedSha256Hex) {
    super(body);
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
    expected = HexFormat.of().parseHex(expectedSha256Hex);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      end();
    } else {
      sha256.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      end();
    } else {
      sha256.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes must be hashed too
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    try {
      while (skipped < n) {
        int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    } finally {
      java.util.Arrays.fill(buffer, (byte) 0); // it held body bytes (a blob's, on inbound)
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** At the end, every time it is reached: a route that read on cannot miss the refusal. */
  private void end() {
    if (matches == null) {
      matches = MessageDigest.isEqual(sha256.digest(), expected);
    }
    if (!matches) {
      throw DidAuthenticationException.bodyMismatch();
    }
  }
}
