package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Everything a client can get wrong is a JSON 4xx with a specific code, and leaves other blobs
 * untouched: a witness blob stored first must still be available after every case and
 * byte-identical at the end.
 */
class BadInputIT {

  private static final RelayApi RELAY = new RelayApi(Deployment.baseUri("main"));
  private static final String KEY = Deployment.apiKey("pro");
  private static byte[] witness;

  private final String hash = "ab".repeat(32);
  private final String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

  @BeforeAll
  static void storeWitness() {
    witness = randomBlob(RelayApi.MAX_BLOB);
    RELAY.store(KEY, witness);
  }

  @AfterEach
  void witnessStillAvailable() {
    assertTrue(RELAY.status(KEY, sha256(witness)).getBoolean("available"));
  }

  @AfterAll
  static void witnessIntact() {
    assertArrayEquals(witness, RELAY.outbound(KEY, sha256(witness)).body());
  }

  @Test
  void malformed_json() {
    assertError(RELAY.inboundJson(KEY, "{\"hash\": "), 400, "malformed_json");
    assertError(RELAY.inboundJson(KEY, "not json"), 400, "malformed_json");
  }

  @Test
  void missing_fields() {
    assertError(RELAY.inboundJson(KEY, "{\"payload\":\"" + b64 + "\"}"), 400, "missing_field");
    assertError(RELAY.inboundJson(KEY, "{\"hash\":\"" + hash + "\"}"), 400, "missing_field");
    assertError(
        RELAY.send(
            RELAY
                .request("/v2/inbound", KEY)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build()),
        400,
        "missing_field");
  }

  @Test
  void wrongly_typed_fields() {
    assertError(
        RELAY.inboundJson(KEY, "{\"hash\":1,\"payload\":\"" + b64 + "\"}"), 400, "invalid_field");
    assertError(
        RELAY.inboundJson(KEY, "{\"hash\":\"" + hash + "\",\"payload\":true}"),
        400,
        "invalid_field");
    assertError(
        RELAY.inboundJson(
            KEY, "{\"hash\":\"" + hash + "\",\"payload\":\"" + b64 + "\",\"ttl_ms\":\"1h\"}"),
        400,
        "invalid_ttl");
  }

  @Test
  void invalid_base64() {
    assertError(
        RELAY.inboundJson(KEY, "{\"hash\":\"" + hash + "\",\"payload\":\"***\"}"),
        400,
        "invalid_base64");
  }

  @Test
  void non_hex_or_wrong_length_hash() {
    assertError(
        RELAY.inboundJson(
            KEY, "{\"hash\":\"" + "zz".repeat(32) + "\",\"payload\":\"" + b64 + "\"}"),
        400,
        "invalid_hash");
    assertError(RELAY.inboundBinary(KEY, new byte[] {1}, "abc", null), 400, "invalid_hash");
    assertError(RELAY.outbound(KEY, "abc"), 400, "invalid_hash");
    assertError(RELAY.get("/v2/status/" + "g".repeat(64), KEY), 400, "invalid_hash");
  }

  @Test
  void hash_mismatch() {
    byte[] blob = randomBlob(1000);
    assertError(
        RELAY.inboundBinary(KEY, blob, sha256(randomBlob(1000)), null), 400, "hash_mismatch");
    String wrong = "{\"hash\":\"" + sha256(new byte[] {9}) + "\",\"payload\":\"" + b64 + "\"}";
    assertError(RELAY.inboundJson(KEY, wrong), 400, "hash_mismatch");
    assertError(RELAY.outbound(KEY, sha256(blob)), 404, "not_found");
  }

  @Test
  void body_over_five_mib_is_refused() {
    byte[] tooBig = randomBlob(RelayApi.MAX_BLOB + 1);
    assertError(RELAY.inboundBinary(KEY, tooBig), 413, "payload_too_large");
    assertError(
        RELAY.inboundJson(KEY, RelayApi.inboundJsonBody(tooBig, null)), 413, "payload_too_large");
  }

  @Test
  void chunked_body_over_five_mib_is_refused_while_streaming() {
    byte[] tooBig = randomBlob(RelayApi.MAX_BLOB + 100_000);
    HttpResponse<byte[]> response =
        RELAY.send(
            RELAY
                .request("/v2/inbound", KEY)
                .header("Content-Type", "application/octet-stream")
                .header("X-Paramant-Hash", sha256(tooBig))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(tooBig)))
                .build());
    assertError(response, 413, "payload_too_large");
  }

  @Test
  void declared_huge_body_is_refused_before_it_is_sent() throws IOException {
    String head =
        "POST /v2/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: "
            + KEY
            + "\r\nContent-Type: application/octet-stream\r\nX-Paramant-Hash: "
            + hash
            + "\r\nContent-Length: 1073741824\r\n\r\n";
    String response = rawExchange(head, 10_000);
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
    assertTrue(response.contains("\"error\":\"payload_too_large\""), response);
  }

  @Test
  void zero_negative_and_absurd_ttl() {
    for (String ttl : new String[] {"0", "-1", "1e99", "99999999999999999999999", "1.5"}) {
      assertError(
          RELAY.inboundJson(
              KEY,
              "{\"hash\":\""
                  + sha256(new byte[] {1, 2, 3})
                  + "\",\"payload\":\""
                  + b64
                  + "\",\"ttl_ms\":"
                  + ttl
                  + "}"),
          400,
          "invalid_ttl");
    }
    assertError(
        RELAY.inboundBinary(KEY, new byte[] {1}, sha256(new byte[] {1}), -5L), 400, "invalid_ttl");
  }

  @Test
  void unknown_missing_and_licence_keys() {
    assertError(RELAY.outbound("pgp_" + "0".repeat(64), hash), 401, "invalid_key");
    assertError(RELAY.outbound(null, hash), 401, "missing_key");
    assertError(RELAY.outbound("plk_" + "1".repeat(64), hash), 401, "licence_key_refused");
    assertError(RELAY.inboundBinary("plk_x", new byte[] {1}), 401, "licence_key_refused");
  }

  @Test
  void key_in_a_query_string_is_refused_outside_check_key() {
    assertError(RELAY.get("/v2/status/" + hash + "?k=" + KEY, KEY), 400, "key_in_url");
    assertError(RELAY.get("/v2/outbound/" + hash + "?api_key=" + KEY, null), 400, "key_in_url");
    JsonObject check = RelayApi.json(RELAY.get("/v2/check-key?k=" + KEY, null));
    assertEquals(
        "{\"namespace\":\"account:"
            + Deployment.account("pro").label()
            + "\",\"plan\":\"pro\","
            + "\"valid\":true}",
        check.toString());
    assertEquals(
        "{\"namespace\":null,\"plan\":null,\"valid\":false}",
        RelayApi.json(RELAY.get("/v2/check-key?k=pgp_nope", null)).toString());
  }

  @Test
  void traversal_and_overlong_path_segments() throws IOException {
    assertError(RELAY.get("/v2/outbound/..%2F..%2Fetc%2Fpasswd", KEY), 400, "invalid_hash");
    assertError(RELAY.get("/v2/outbound/" + "a".repeat(5000), KEY), 400, "invalid_hash");
    String raw =
        rawExchange(
            "GET /v2/../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: "
                + KEY
                + "\r\n\r\n",
            5_000);
    // Grizzly refuses a URI that climbs above the root before any application code runs: a bare 400
    // with an empty body (no page, no trace).
    assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
    assertTrue(raw.contains("Content-Length: 0"), raw);
  }

  /**
   * The relay's error answers byte for byte with their headers (the error record, its writer and
   * the headers filter live in web-platform; nginx and the console's listener guard rely on them).
   */
  @Test
  void an_error_answer_keeps_its_bytes_and_headers() {
    HttpResponse<byte[]> none = RELAY.get("/v2/nothing-here", KEY);
    assertEquals(404, none.statusCode());
    assertEquals(
        "{\"detail\":\"No such route.\",\"error\":\"not_found\",\"ok\":false}",
        new String(none.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", none.headers().firstValue("Content-Type").orElse(null));
    assertEquals("no-store", none.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("nosniff", none.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals(java.util.Optional.empty(), none.headers().firstValue("Content-Security-Policy"));
  }

  @Test
  void unknown_routes_and_methods() {
    assertError(RELAY.get("/v2/nothing-here", KEY), 404, "not_found");
    assertError(RELAY.get("/", null), 404, "not_found");
    assertError(
        RELAY.send(RELAY.request("/v2/outbound/" + hash, KEY).DELETE().build()),
        405,
        "method_not_allowed");
    // HEAD would consume the one download without delivering it: refused (a HEAD answer has no
    // body)
    assertEquals(
        405,
        RELAY
            .send(
                RELAY
                    .request("/v2/outbound/" + hash, KEY)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build())
            .statusCode());
    assertError(
        RELAY.send(
            RELAY
                .request("/v2/inbound", KEY)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build()),
        415,
        "unsupported_media_type");
  }

  /**
   * The relay answers headers too large with a 4xx and closes, typically before the client has
   * written them all: the client stops writing once the answer is there (or the write fails), then
   * reads it. A connection reset before any byte of the answer arrived (the close overtook the
   * answer) is tried again, twice at most; what is asserted is the answer itself.
   */
  @Test
  void oversized_headers_are_refused_without_a_stack_trace() throws IOException {
    byte[] head =
        ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: " + "j".repeat(200_000) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    String response = "";
    for (int attempt = 0; attempt < 3 && response.isEmpty(); attempt++) {
      response = writeUntilAnswered(head, 5_000);
    }
    assertTrue(
        response.matches("(?s)HTTP/1.1 4\\d\\d .*"),
        response.substring(0, Math.min(200, response.length())));
    assertTrue(!response.contains("Exception") && !response.contains("<html"), response);
  }

  @Test
  void a_client_that_sends_half_a_body_and_stalls_is_cut_off_and_its_slab_returned()
      throws Exception {
    int before = slabsInUse();
    try (Socket socket = new Socket(RELAY.uri("/").getHost(), RELAY.uri("/").getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v2/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: "
                  + KEY
                  + "\r\nContent-Type: application/octet-stream\r\nX-Paramant-Hash: "
                  + hash
                  + "\r\nContent-Length: "
                  + RelayApi.MAX_BLOB
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[RelayApi.MAX_BLOB / 2]);
      out.flush();
      Thread.sleep(1000);
      assertEquals(before + 1, slabsInUse(), "the stalled upload holds a slab");
      socket.setSoTimeout(60_000);
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(answer.isEmpty() || answer.matches("(?s)HTTP/1.1 4\\d\\d .*"), answer);
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (slabsInUse() != before && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(before, slabsInUse());
  }

  /** The readiness probe reports the slabs in use. */
  private static int slabsInUse() {
    HttpResponse<byte[]> ready = RELAY.get("/mphealth/ready", null);
    JsonObject health = Json.createReader(new ByteArrayInputStream(ready.body())).readObject();
    // MicroProfile Health renders check data as JSON strings
    return Integer.parseInt(
        health
            .getJsonArray("checks")
            .getJsonObject(0)
            .getJsonObject("data")
            .getString("slabs_in_use"));
  }

  /**
   * Writes {@code request} in pieces, stopping when the server has answered; returns the answer.
   */
  private static String writeUntilAnswered(byte[] request, int timeoutMs) throws IOException {
    try (Socket socket = new Socket(RELAY.uri("/").getHost(), RELAY.uri("/").getPort())) {
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      try {
        for (int at = 0; at < request.length && in.available() == 0; at += 16_384) {
          out.write(request, at, Math.min(16_384, request.length - at));
          out.flush();
        }
      } catch (java.net.SocketException closed) {
        // the server answered and closed while the headers were still being written
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        in.transferTo(answer);
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // kept open, or reset after its answer: take what arrived
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String rawExchange(String request, int timeoutMs) throws IOException {
    try (Socket socket = new Socket(RELAY.uri("/").getHost(), RELAY.uri("/").getPort())) {
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      StringBuilder response = new StringBuilder();
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          response.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          if (response.indexOf("\r\n\r\n") > 0 && complete(response)) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // the server answered and closed, or kept the connection open: take what arrived
      }
      return response.toString();
    }
  }

  private static boolean complete(StringBuilder response) {
    int headerEnd = response.indexOf("\r\n\r\n");
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
            .matcher(response.substring(0, headerEnd));
    return length.find() && response.length() >= headerEnd + 4 + Integer.parseInt(length.group(1));
  }
}
