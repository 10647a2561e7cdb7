package io.paramant.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One HTTP/1.1 client of the relay ({@code java.net.http}, keep-alive), used by one thread at a
 * time. Uploads are sent from the caller's array without copying it; downloads land in a reusable
 * buffer, so the load generator allocates no 5 MiB arrays per round trip.
 */
final class RelayClient {

  /**
   * The outcome of one request: the status and, when it is not 200, the start of the error body.
   */
  record Reply(int status, int length, String error) {
    boolean ok() {
      return status == 200;
    }

    @Override
    public String toString() {
      return "HTTP " + status + (error == null || error.isEmpty() ? "" : " " + error);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Larger HttpClient buffers than the default 16 KiB: about a fifth less load-generator CPU per 5
   * MiB. Call first in {@code main}, before any client exists; a value given with {@code -D} wins.
   */
  static void useLargeBuffers() {
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
    }
  }

  private final HttpClient http;
  private final URI relay;
  private final String key;
  private final long ttlMs;

  RelayClient(URI relay, String key, long ttlMs) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.relay = relay;
    this.key = key;
    this.ttlMs = ttlMs;
  }

  /** {@code POST /v2/inbound}, {@code application/octet-stream} with {@code X-Paramant-Hash}. */
  Reply uploadBinary(String hash, byte[] blob) throws IOException, InterruptedException {
    return uploadBinary(hash, blob, null);
  }

  /**
   * {@code POST /v2/inbound}, {@code application/octet-stream}, addressed to {@code device} ({@code
   * X-Paramant-Device}) unless it is {@code null}.
   */
  Reply uploadBinary(String hash, byte[] blob, String device)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(relay.resolve("/v2/inbound"))
            .timeout(TIMEOUT)
            .header("X-Api-Key", key)
            .header("Content-Type", "application/octet-stream")
            .header("X-Paramant-Hash", hash)
            .header("X-Paramant-Ttl-Ms", Long.toString(ttlMs));
    if (device != null) {
      request.header("X-Paramant-Device", device);
    }
    return small(request.POST(new ArrayPublisher(blob)).build());
  }

  /**
   * A key-authenticated POST of a JSON text ({@code /v2/ws-ticket}, {@code /v2/webhook}, {@code
   * /v2/drop}).
   */
  HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve(path))
            .timeout(TIMEOUT)
            .header("X-Api-Key", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST /v2/inbound}, {@code application/json} with the base64 payload. */
  Reply uploadJson(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve("/v2/inbound"))
            .timeout(TIMEOUT)
            .header("X-Api-Key", key)
            .header("Content-Type", "application/json")
            .POST(new ArrayPublisher(body))
            .build();
    return small(request);
  }

  /**
   * {@code GET /v2/outbound/{hash}} into {@code into}; on 200 {@link Reply#length()} is the body
   * length ({@code -1} when the body did not fit).
   */
  Reply download(String hash, byte[] into) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve("/v2/outbound/" + hash))
            .timeout(TIMEOUT)
            .header("X-Api-Key", key)
            .GET()
            .build();
    return into(request, into);
  }

  /**
   * {@code GET /v2/drop/{id}} (no key: anyone with the id picks a drop up) into {@code into}, like
   * {@link #download}.
   */
  Reply pickup(String id, byte[] into) throws IOException, InterruptedException {
    return fetch("/v2/drop/" + id, into);
  }

  /**
   * A GET without a key (a drop, nginx's static file) into {@code into}, like {@link #download}.
   */
  Reply fetch(String pathAndQuery, byte[] into) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build();
    return into(request, into);
  }

  /** A GET of a public route (no key), e.g. {@code /v2/ct/sth}; the body as text. */
  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Reply into(HttpRequest request, byte[] into) throws IOException, InterruptedException {
    HttpResponse<Integer> response = http.send(request, info -> new IntoArray(into));
    int length = response.body();
    if (response.statusCode() == 200) {
      return new Reply(200, length, null);
    }
    return new Reply(response.statusCode(), length, errorText(into, length));
  }

  /**
   * {@code GET /metrics} (with {@code query}, e.g. {@code ?scope=application}) as the relay's
   * administrator, Basic {@code admin:<adminToken>}; returns the body as text.
   */
  HttpResponse<String> metrics(String adminToken, String query)
      throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + adminToken).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(relay.resolve("/metrics" + query))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Reply small(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Reply(
        response.statusCode(), body.length(), response.statusCode() == 200 ? null : shorten(body));
  }

  private static String errorText(byte[] buffer, int length) {
    int n = length < 0 ? buffer.length : length;
    return shorten(new String(buffer, 0, Math.min(n, 300), StandardCharsets.UTF_8));
  }

  /** {@code text} on one line, at most 200 characters. */
  static String shorten(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  /**
   * Publishes an array as 64 KiB read-only views (no copy; {@code BodyPublishers.ofByteArray}
   * copies the whole array into 16 KiB buffers), with a fixed {@code Content-Length}.
   */
  static final class ArrayPublisher implements HttpRequest.BodyPublisher {

    private static final int CHUNK = 64 * 1024;

    private final byte[] data;

    ArrayPublisher(byte[] data) {
      this.data = data;
    }

    @Override
    public long contentLength() {
      return data.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Chunks(subscriber));
    }

    /** Emits on the requesting thread; re-entrant calls of {@code request} only add demand. */
    private final class Chunks implements Flow.Subscription {
      private final Flow.Subscriber<? super ByteBuffer> subscriber;
      private long demand;
      private int offset;
      private boolean emitting;
      private boolean done;

      Chunks(Flow.Subscriber<? super ByteBuffer> subscriber) {
        this.subscriber = subscriber;
      }

      @Override
      public void request(long n) {
        if (n <= 0) {
          boolean signal;
          synchronized (this) {
            signal = !done;
            done = true;
          }
          if (signal) {
            subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
          }
          return;
        }
        synchronized (this) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          if (emitting) {
            return;
          }
          emitting = true;
        }
        while (true) {
          ByteBuffer chunk;
          synchronized (this) {
            if (done || (demand == 0 && offset < data.length)) {
              emitting = false;
              return;
            }
            if (offset >= data.length) {
              done = true;
              emitting = false;
              chunk = null;
            } else {
              int size = Math.min(CHUNK, data.length - offset);
              chunk = ByteBuffer.wrap(data, offset, size).slice().asReadOnlyBuffer();
              offset += size;
              demand--;
            }
          }
          if (chunk == null) {
            subscriber.onComplete();
            return;
          }
          subscriber.onNext(chunk);
        }
      }

      @Override
      public synchronized void cancel() {
        done = true;
      }
    }
  }

  /**
   * Copies a response body into a caller's buffer; the body value is its length, -1 if it
   * overflowed.
   */
  static final class IntoArray implements HttpResponse.BodySubscriber<Integer> {

    private final byte[] target;
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private int length;
    private boolean overflow;

    IntoArray(byte[] target) {
      this.target = target;
    }

    @Override
    public CompletionStage<Integer> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int n = item.remaining();
        if (overflow || n > target.length - length) {
          overflow = true;
          item.position(item.limit());
        } else {
          item.get(target, length, n);
          length += n;
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(overflow ? -1 : length);
    }
  }
}
