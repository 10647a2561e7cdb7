package io.paramant.client.internal.ctlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.ct.merkle.ConsistencyProof;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log's routes go through the SDK's one HTTP layer: a real HTTP server on the loopback answers
 * {@code GET /v2/ct/proof/consistency} with the statuses of each case, and the test counts what
 * reached it. Before the shared layer, one 503 during a sender's key check aborted the send.
 */
class RemoteLogRetryTest {

  private static final String HASH = "ab".repeat(32);
  private static final String PROOF = "{\"first\":1,\"second\":2,\"proof\":[\"" + HASH + "\"]}";

  private final AtomicInteger requests = new AtomicInteger();
  private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aLogCallAnswered503OnceIsRetriedAndSucceeds() throws IOException {
    RemoteLog log =
        logAnswering(
            attempt ->
                attempt == 1
                    ? new Reply(503, "{\"ok\":false,\"error\":\"overloaded\",\"detail\":\"busy\"}")
                    : new Reply(200, PROOF));

    ConsistencyProof proof = log.consistencyProof(1, 2);

    assertEquals(1, proof.firstSize());
    assertEquals(2, proof.secondSize());
    assertEquals(1, proof.path().size());
    assertArrayEquals(HexFormat.of().parseHex(HASH), proof.path().get(0));
    assertEquals(2, requests.get());
    assertEquals(List.of(Duration.ofSeconds(1)), pauses); // the relay's Retry-After: 1
  }

  @Test
  void aClientErrorIsNotRetried() throws IOException {
    RemoteLog log =
        logAnswering(
            attempt ->
                new Reply(400, "{\"ok\":false,\"error\":\"bad_request\",\"detail\":\"first\"}"));

    RelayRequestException refused =
        assertThrows(RelayRequestException.class, () -> log.consistencyProof(1, 2));

    assertEquals(400, refused.status().getAsInt());
    assertEquals("bad_request", refused.errorCode().orElseThrow());
    assertTrue(
        refused.getMessage().startsWith("GET /v2/ct/proof/consistency?first=1&second=2 on "),
        refused.getMessage());
    assertEquals(1, requests.get());
    assertEquals(List.of(), pauses);
  }

  @Test
  void aNotFoundInclusionProofIsAnAnswerNotARetry() throws IOException {
    RemoteLog log =
        logAnswering(
            attempt -> new Reply(404, "{\"ok\":false,\"error\":\"not_found\",\"detail\":\"x\"}"));

    assertTrue(log.inclusionProof(HASH, 2).isEmpty());
    assertEquals(1, requests.get());
    assertEquals(List.of(), pauses);
  }

  @Test
  void aRelayThatStaysUnavailableFailsAfterThePolicysAttempts() throws IOException {
    RemoteLog log =
        logAnswering(
            attempt ->
                new Reply(503, "{\"ok\":false,\"error\":\"overloaded\",\"detail\":\"busy\"}"));

    RelayRequestException refused =
        assertThrows(RelayRequestException.class, () -> log.consistencyProof(1, 2));

    assertEquals(503, refused.status().getAsInt());
    assertEquals(3, requests.get());
    assertEquals(2, pauses.size());
  }

  @Test
  void anAnswerLongerThanAnyLogAnswerIsMalformedAndNotRetried() throws IOException {
    String huge = "{\"first\":1,\"second\":2,\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
    RemoteLog log = logAnswering(attempt -> new Reply(200, huge));

    LogVerificationException refused =
        assertThrows(LogVerificationException.class, () -> log.consistencyProof(1, 2));

    assertEquals(LogVerificationException.Reason.MALFORMED_RESPONSE, refused.reason());
    assertTrue(refused.getMessage().contains("larger than 1 MiB"), refused.getMessage());
    assertEquals(1, requests.get());
  }

  private record Reply(int status, String json) {}

  private interface Replies {
    Reply to(int attempt);
  }

  /** A log over a real loopback server; the policy tries 3 times, and the pauses are recorded. */
  private RemoteLog logAnswering(Replies replies) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/ct/",
        exchange -> {
          Reply reply = replies.to(requests.incrementAndGet());
          byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          if (reply.status() == 503) {
            exchange.getResponseHeaders().add("Retry-After", "1");
          }
          exchange.sendResponseHeaders(reply.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    URI base =
        URI.create(
            "http://"
                + server.getAddress().getAddress().getHostAddress()
                + ":"
                + server.getAddress().getPort()
                + "/");
    RelayHttp http =
        new RelayHttp(
            RelayAddress.of(base),
            RelayHttp.defaultHttpClient(),
            new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(8)),
            pauses::add);
    return new RemoteLog(http);
  }
}
