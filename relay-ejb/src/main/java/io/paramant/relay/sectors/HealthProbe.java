package io.paramant.relay.sectors;

import io.paramant.accounts.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Probes a peer relay with {@code GET /health}: up when it answers 200 with a JSON object that says
 * {@code "ok":true} and names the expected sector, within {@link #TIMEOUT} for the whole exchange.
 * A peer that answers for another sector (a port that points at the wrong relay) counts as down.
 */
final class HealthProbe implements Function<Sector, CompletableFuture<Probe>> {

  /** Connect, answer and body together. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final int MAX_BODY = 16 * 1024;

  private final HttpClient http;
  private final LongSupplier nanoClock;

  HealthProbe(HttpClient http, LongSupplier nanoClock) {
    this.http = http;
    this.nanoClock = nanoClock;
  }

  /** The probes' client: HTTP/1.1, no redirects, no proxy, the probe timeout to connect. */
  static HttpClient httpClient(Executor executor) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .executor(executor)
        .build();
  }

  /** Never completes exceptionally: every failure is {@link Probe#DOWN}. */
  @Override
  public CompletableFuture<Probe> apply(Sector sector) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(sector.healthUri())
              .timeout(TIMEOUT)
              .header("Accept", "application/json")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Probe.DOWN);
    }
    long start = nanoClock.getAsLong();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new BoundedBody(MAX_BODY));
    return exchange
        .thenApply(response -> read(sector, response, nanoClock.getAsLong() - start))
        .completeOnTimeout(Probe.DOWN, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> Probe.DOWN)
        .whenComplete((probe, failure) -> exchange.cancel(true));
  }

  static Probe read(Sector sector, HttpResponse<byte[]> response, long elapsedNanos) {
    if (response.statusCode() != 200) {
      return Probe.DOWN;
    }
    JsonObject health;
    try {
      health = JsonText.object(response.body());
    } catch (JsonText.Malformed e) {
      return Probe.DOWN;
    }
    if (health.get("ok") != JsonValue.TRUE || !sector.name().equals(string(health, "sector"))) {
      return Probe.DOWN;
    }
    return new Probe(
        true,
        string(health, "version"),
        string(health, "edition"),
        Math.max(0, Math.round(elapsedNanos / 1e6)));
  }

  private static String string(JsonObject json, String name) {
    return json.get(name) instanceof JsonString s ? s.getString() : null;
  }

  /** Collects at most {@code limit} bytes; a longer body fails the exchange. */
  static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(int limit) {
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
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + buffer.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new IOException("body longer than " + limit + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable failure) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
