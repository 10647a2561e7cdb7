package io.paramant.relay.blob.boundary;

import io.paramant.relay.blob.BlobTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body once it grows past a limit, for bodies whose length was not declared up
 * front (chunked transfer), so that nothing unbounded is ever read.
 */
final class BoundedInputStream extends FilterInputStream {

  private final long limit;
  private long read;

  BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) {
    read += n;
    if (read > limit) {
      throw new BlobTooLargeException("The request body exceeds " + limit + " bytes.");
    }
  }
}
