package io.paramant.client.internal.relay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Request and answer bodies for blobs, without a 5 MiB {@code byte[]}: requests read from the
 * caller's (direct) blob buffer, and a blob answer is copied into the caller's buffer as it
 * arrives. Every other answer is collected up to a limit, so a hostile relay cannot fill memory.
 */
public final class Bodies {

  /** The JSON answers of the API are a few KiB; an error's body is cut at this length. */
  static final int MAX_JSON_ANSWER = 1 << 20;

  /**
   * A namespace's directory ({@code GET /v2/pubkey}) holds about 9 KiB per device (three keys in
   * hex and an inclusion proof): 8 MiB is some 900 devices, the limit of one namespace this client
   * reads.
   */
  static final int MAX_DIRECTORY_ANSWER = 8 << 20;

  private static final int BASE64_GROUP = 3 * 16 * 1024;

  private Bodies() {}

  /** The remaining bytes of {@code blob} as a request body of known length; re-readable. */
  static HttpRequest.BodyPublisher raw(ByteBuffer blob) {
    ByteBuffer view = blob.asReadOnlyBuffer();
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> new BufferStream(view.duplicate())),
        view.remaining());
  }

  /**
   * {@code prefix || base64(blob) || suffix}: a JSON body with the blob as a base64 string, encoded
   * while it is sent. Re-readable.
   */
  static HttpRequest.BodyPublisher base64Json(String prefix, ByteBuffer blob, String suffix) {
    ByteBuffer view = blob.asReadOnlyBuffer();
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
    long length = head.length + 4L * ((view.remaining() + 2) / 3) + tail.length;
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(
            () ->
                new SequenceInputStream(
                    new SequenceInputStream(
                        new ByteArrayInputStream(head), new Base64Stream(view.duplicate())),
                    new ByteArrayInputStream(tail))),
        length);
  }

  /**
   * Answers with status 200 go into {@code target} (from its position; more than its remaining room
   * fails), others are collected up to {@link #MAX_JSON_ANSWER} bytes and returned.
   */
  public static HttpResponse.BodyHandler<byte[]> blobOr(ByteBuffer target) {
    return info ->
        info.statusCode() == 200
            ? new Collector(target, true, false)
            : new Collector(ByteBuffer.allocate(MAX_JSON_ANSWER), false, true);
  }

  /**
   * The answer's bytes, at most {@link #MAX_JSON_ANSWER}: a longer 200 answer fails, a longer error
   * answer is cut.
   */
  public static HttpResponse.BodyHandler<byte[]> bounded() {
    return bounded(MAX_JSON_ANSWER);
  }

  /**
   * Like {@link #bounded()} for a route whose 200 answers can be longer (a page of log leaves): at
   * most {@code limit} bytes, collected into a buffer that grows as they arrive; an error answer is
   * still cut at {@link #MAX_JSON_ANSWER}.
   */
  public static HttpResponse.BodyHandler<byte[]> bounded(int limit) {
    return info ->
        info.statusCode() / 100 == 2
            ? new GrowingCollector(limit)
            : new Collector(ByteBuffer.allocate(MAX_JSON_ANSWER), false, true);
  }

  /** Like {@link #bounded()}, with the namespace directory's limit for a 200 answer. */
  public static HttpResponse.BodyHandler<byte[]> directory() {
    return info ->
        info.statusCode() / 100 == 2
            ? new Collector(ByteBuffer.allocate(MAX_DIRECTORY_ANSWER), true, true)
            : new Collector(ByteBuffer.allocate(MAX_JSON_ANSWER), false, true);
  }

  /**
   * A 200 answer longer than its route can have: the relay is broken or hostile, and asking again
   * would not help ({@link RelayHttp#exchange} does not retry it).
   */
  static final class TooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    TooLongException(int limit) {
      super(
          "the answer is larger than "
              + (limit % (1 << 20) == 0 ? limit / (1 << 20) + " MiB" : limit + " bytes"));
    }

    /** The one in {@code e}'s causes (the HTTP client wraps what a body handler fails with). */
    static TooLongException in(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TooLongException tooLong) {
          return tooLong;
        }
      }
      return null;
    }
  }

  /** Copies the body into a buffer; completes with the bytes (empty for a caller's buffer). */
  private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {

    private final ByteBuffer target;
    private final boolean strict;
    private final boolean own;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private boolean overflow;

    /**
     * @param strict whether more bytes than {@code target} holds fail the answer (else they are
     *     cut)
     * @param own whether the answer completes with a copy of the bytes (else with none)
     */
    Collector(ByteBuffer target, boolean strict, boolean own) {
      this.target = target;
      this.strict = strict;
      this.own = own;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (item.remaining() > target.remaining()) {
          if (strict) {
            subscription.cancel();
            result.completeExceptionally(new TooLongException(target.capacity()));
            return;
          }
          overflow = true;
          item.limit(item.position() + target.remaining());
        }
        target.put(item);
      }
      if (overflow && !target.hasRemaining()) {
        // an error answer that goes on and on: what arrived is enough to report it
        subscription.cancel();
        complete();
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      complete();
    }

    private void complete() {
      if (result.isDone()) {
        return;
      }
      if (!own) {
        result.complete(new byte[0]);
        return;
      }
      byte[] bytes = new byte[target.position()];
      target.flip().get(bytes);
      result.complete(bytes);
    }
  }

  /** Collects a body of at most {@code limit} bytes into a growing array; more fails. */
  private static final class GrowingCollector implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 16);
    private Flow.Subscription subscription;

    GrowingCollector(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (item.remaining() > limit - bytes.size()) {
          subscription.cancel();
          result.completeExceptionally(new TooLongException(limit));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }

  /** The remaining bytes of a buffer as a stream. */
  private static final class BufferStream extends InputStream {

    private final ByteBuffer buffer;

    BufferStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(into, offset, n);
      return n;
    }

    @Override
    public int available() {
      return buffer.remaining();
    }
  }

  /** The base64 (RFC 4648, padded) of a buffer's remaining bytes, encoded as it is read. */
  private static final class Base64Stream extends InputStream {

    private final ByteBuffer source;
    private final byte[] group = new byte[BASE64_GROUP];
    private final Base64.Encoder encoder = Base64.getEncoder();
    private byte[] encoded = new byte[0];
    private int at;

    Base64Stream(ByteBuffer source) {
      this.source = source;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (at == encoded.length) {
        if (!source.hasRemaining()) {
          return -1;
        }
        int n = Math.min(group.length, source.remaining());
        source.get(group, 0, n);
        encoded = encoder.encode(n == group.length ? group : Arrays.copyOf(group, n));
        at = 0;
      }
      int n = Math.min(length, encoded.length - at);
      System.arraycopy(encoded, at, into, offset, n);
      at += n;
      return n;
    }
  }
}
