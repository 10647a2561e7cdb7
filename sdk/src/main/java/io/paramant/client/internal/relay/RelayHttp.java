package io.paramant.client.internal.relay;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.TransferException;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.StrictJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The SDK's one HTTP layer to a relay: its API ({@link RelayClient}) and its log's public routes
 * ({@code RemoteLog}) send every request through {@link #exchange}, so both are retried per the
 * same {@link RetryPolicy} (network errors and 429/502/503/504, {@code Retry-After} honoured) and
 * fail the same way: no usable answer is a {@link RelayRequestException}, an answer longer than its
 * route can have is a {@link LogVerificationException} {@code MALFORMED_RESPONSE} (not retried: a
 * relay that sends too much will do so again). Relay text in messages is made printable and cut
 * short. Thread-safe.
 */
public final class RelayHttp {

  /** Waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
      return duration -> Thread.sleep(duration.toMillis());
    }
  }

  /**
   * An answer, and whether an earlier attempt of the request ended without one.
   *
   * @param body the body as the request's handler collected it
   */
  public record Answer(int status, byte[] body, boolean afterNetworkError) {

    /** The {@code error} code of the API's error JSON, if the answer is one (printable). */
    public String errorCode() {
      return errorField("error");
    }

    /** The {@code detail} of the API's error JSON, if the answer is one (printable). */
    public String errorDetail() {
      return errorField("detail");
    }

    private String errorField(String name) {
      try {
        String value = StrictJson.optionalString(StrictJson.parse(body), name);
        return value == null ? null : printable(value);
      } catch (StrictJson.ShapeException notTheErrorShape) {
        return null;
      }
    }
  }

  private static final int MAX_DETAIL_LENGTH = 200;

  private final RelayAddress relay;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  public RelayHttp(RelayAddress relay, HttpClient http, RetryPolicy retry, Sleeper sleeper) {
    this.relay = Objects.requireNonNull(relay, "relay");
    this.http = Objects.requireNonNull(http, "http");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * The client the SDK uses when the caller brings none: HTTP/1.1, as the relay speaks it (no h2c
   * upgrade round trip on plain http), no redirects (a relay's routes never redirect, and a
   * redirect would move the requests to another host), 10 s to connect.
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public RelayAddress relay() {
    return relay;
  }

  /** The same client, retry policy and sleeper for another server (a witness). */
  public RelayHttp at(RelayAddress other) {
    return new RelayHttp(other, http, retry, sleeper);
  }

  /** A request to {@code path} below the relay's base URL. */
  public HttpRequest.Builder request(String path, Duration timeout, String accept) {
    return HttpRequest.newBuilder(relay.resolve(path)).timeout(timeout).header("Accept", accept);
  }

  /**
   * Sends the request until it is answered with a status that is not retried, or the policy gives
   * up; the last answer is returned whatever its status.
   *
   * @param what the request in words, for messages ({@code GET /v2/ct/sth})
   * @param request a fresh request per attempt
   * @param handler a fresh body handler per attempt ({@link Bodies})
   * @throws RelayRequestException no answer after the last attempt
   * @throws LogVerificationException {@code MALFORMED_RESPONSE}: an answer longer than the handler
   *     takes
   * @throws TransferException {@code INTERRUPTED}
   */
  public Answer exchange(
      String what,
      Supplier<HttpRequest> request,
      Supplier<HttpResponse.BodyHandler<byte[]>> handler) {
    boolean networkError = false;
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(null);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.get(), handler.get());
      } catch (IOException e) {
        Bodies.TooLongException tooLong = Bodies.TooLongException.in(e);
        if (tooLong != null) {
          throw new LogVerificationException(
              MALFORMED_RESPONSE, what + ": " + tooLong.getMessage(), e);
        }
        networkError = true;
        if (!retry.mayRetry(attempt)) {
          throw unreachable(what, e);
        }
        pause(retry.delayAfter(attempt, Optional.empty(), ThreadLocalRandom.current()::nextDouble));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(e);
      }
      if (RetryPolicy.retryableStatus(response.statusCode()) && retry.mayRetry(attempt)) {
        pause(
            retry.delayAfter(
                attempt,
                RetryPolicy.parseRetryAfter(
                    response.headers().firstValue("Retry-After"), Instant.now()),
                ThreadLocalRandom.current()::nextDouble));
        continue;
      }
      return new Answer(response.statusCode(), response.body(), networkError);
    }
  }

  /**
   * Sends {@code request} once, in the background, neither retried nor waited for, its outcome
   * ignored: for what must never fail or slow down the caller (a delivery confirmation).
   */
  public void sendOnceIgnoringOutcome(HttpRequest request) {
    http.sendAsync(request, Bodies.bounded()).exceptionally(failure -> null);
  }

  /** The error of an answer the caller does not accept: status, the relay's code and detail. */
  public RelayRequestException refused(String what, Answer answer) {
    String code = answer.errorCode();
    String detail = answer.errorDetail();
    return new RelayRequestException(
        what
            + " on "
            + relay
            + ": HTTP "
            + answer.status()
            + (code == null ? "" : " " + code)
            + (detail == null ? "" : ": " + detail),
        answer.status(),
        code);
  }

  /** Relay text on its way to a terminal: control and format characters become '?', cut short. */
  public static String printable(String text) {
    String cut =
        text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
    return cut.codePoints()
        .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  /** The transfer was interrupted (the thread's interrupt flag is kept). */
  public static TransferException interrupted(InterruptedException cause) {
    TransferException e = new TransferException(TransferException.Reason.INTERRUPTED);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private void pause(Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  private RelayRequestException unreachable(String what, IOException e) {
    if (e instanceof ConnectException) {
      return new RelayRequestException("cannot connect to " + relay + " (" + describe(e) + ")", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new RelayRequestException(what + ": no answer from " + relay + " in time", e);
    }
    return new RelayRequestException(what + ": cannot reach " + relay + ": " + describe(e), e);
  }

  /**
   * The JDK's connection errors often have no message, only a type; a protocol error's message may
   * quote what the relay sent.
   */
  private static String describe(IOException e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : printable(e.getMessage());
  }
}
