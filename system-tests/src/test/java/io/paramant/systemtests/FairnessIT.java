package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One account cannot take a relay's shared resources from the others (docs/operations.md, "Fairness
 * between accounts"). The greedy tenant is played on the legal sector, started here with 16 blob
 * slots and the default per-account bounds (a free account may hold 2 slots there, an enterprise
 * account 12), except that the upload rate floor applies from 30 s instead of 10 s.
 */
class FairnessIT {

  static final int CAPACITY = 16;

  private static RelayApi relay;
  private static TestAccount greedyFree;
  private static TestAccount otherFree;
  private static TestAccount greedyEnterprise;
  private static TestAccount sockets;
  private static TestAccount tickets;
  private static TestAccount revoked;

  @BeforeAll
  static void startSixteenSlotRelay() {
    // the accounts exist before the sector starts, so it has them from its first read of users.json
    greedyFree = Deployment.newAccount("free");
    otherFree = Deployment.newAccount("free");
    greedyEnterprise = Deployment.newAccount("enterprise");
    sockets = Deployment.newAccount("free");
    tickets = Deployment.newAccount("free");
    revoked = Deployment.newAccount("free");
    Deployment.down(Deployment.LEGAL); // another test may have left it running with 64 slots
    relay =
        new RelayApi(
            Deployment.upWith(
                Deployment.LEGAL,
                Map.of(
                    "PARAMANT_BLOB_CAPACITY_LEGAL",
                    "" + CAPACITY,
                    // the default floor (65,536 bytes/s), from 30 s instead of 10 s: time enough on
                    // a
                    // busy machine to admit all sixteen uploads and let another account upload
                    // before
                    // the first is cut (RateFloorInputStreamTest covers the default grace)
                    "PARAMANT_UPLOAD_GRACE_SECONDS",
                    "30",
                    // a busy test machine may need more than the launcher's 90 s for one boot
                    "PARAMANT_BOOT_TIMEOUT",
                    "300")));
    assertEquals(CAPACITY, capacity());
  }

  @AfterAll
  static void stopIt() {
    Deployment.down(Deployment.LEGAL);
  }

  @Test
  void a_free_accounts_third_upload_on_sixteen_slots_is_refused_with_429_while_another_uploads() {
    String key = greedyFree.apiKey();
    byte[] first = randomBlob(RelayApi.MAX_BLOB);
    byte[] second = randomBlob(1000);
    relay.store(key, first);
    relay.store(key, second);
    int held = slabsInUse();

    byte[] third = randomBlob(1000);
    HttpResponse<byte[]> refused = relay.inboundBinary(key, third);
    assertEquals(429, refused.statusCode(), () -> text(refused));
    assertEquals(
        Json.createObjectBuilder()
            .add("ok", false)
            .add("error", "quota_exceeded")
            .add(
                "detail",
                "This account holds 2 blobs or uploads on this relay, the most its plan allows;"
                    + " retry when one is downloaded or expires.")
            .build(),
        json(refused));
    assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
    assertError(
        relay.inboundJson(key, RelayApi.inboundJsonBody(third, null)), 429, "quota_exceeded");
    assertError(drop(key, randomBlob(100)), 429, "quota_exceeded");
    assertEquals(held, slabsInUse(), "a refusal takes no slot");

    byte[] others = randomBlob(RelayApi.MAX_BLOB);
    String othersHash = relay.store(otherFree.apiKey(), others);

    // nothing stored changed; the refused blob was not stored
    assertFalse(relay.status(key, sha256(third)).getBoolean("available"));
    assertArrayEquals(first, relay.outbound(key, sha256(first)).body());
    assertArrayEquals(others, relay.outbound(otherFree.apiKey(), othersHash).body());
    // a download frees a slot of the account at once
    String again = relay.store(key, third);
    assertArrayEquals(second, relay.outbound(key, sha256(second)).body());
    assertArrayEquals(third, relay.outbound(key, again).body());
  }

  @Test
  void sixteen_trickling_uploads_of_one_account_get_its_quota_are_cut_and_never_stop_another()
      throws Exception {
    String key = greedyEnterprise.apiKey();
    int before = slabsInUse();
    List<Trickle> trickles = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        trickles.add(Trickle.start(relay.uri("/"), key));
      }
      awaitSlabsInUse(before + 12); // the enterprise quota of 16 slots; the other 4 were refused

      byte[] others = randomBlob(RelayApi.MAX_BLOB);
      String othersHash = relay.store(otherFree.apiKey(), others);
      assertArrayEquals(others, relay.outbound(otherFree.apiKey(), othersHash).body());
      assertEquals(before + 12, slabsInUse(), "the twelve were still trickling meanwhile");

      Map<Integer, Integer> statuses = new LinkedHashMap<>();
      for (Trickle trickle : trickles) {
        RawResponse response = trickle.response();
        statuses.merge(response.status(), 1, Integer::sum);
        if (response.status() == 429) {
          assertEquals("quota_exceeded", response.json().getString("error"));
          assertEquals("5", response.header("retry-after"));
        } else {
          assertEquals(408, response.status(), response.toString());
          assertEquals(
              Json.createObjectBuilder()
                  .add("ok", false)
                  .add("error", "upload_too_slow")
                  .add(
                      "detail",
                      "The request body arrived slower than 65536 bytes per second and was cut"
                          + " off.")
                  .build(),
              response.json());
          assertEquals("close", response.header("connection"));
        }
      }
      assertEquals(Map.of(429, 4, 408, 12), statuses);
    } finally {
      trickles.forEach(Trickle::close);
    }
    awaitSlabsInUse(before); // every cut upload gave its slot back
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      stored.add(relay.store(key, randomBlob(100)));
    }
    assertError(relay.inboundBinary(key, randomBlob(100)), 429, "quota_exceeded");
    for (String hash : stored) {
      assertEquals(200, relay.outbound(key, hash).statusCode());
    }
  }

  @Test
  void a_free_account_keeps_sixteen_sockets_and_the_seventeenth_is_refused_with_429()
      throws Exception {
    List<StreamIT.Listener> open = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        open.add(subscribe(sockets.apiKey()));
      }
      RawResponse seventeenth = StreamIT.upgrade(relay, ticket(sockets.apiKey()));
      assertEquals(429, seventeenth.status(), seventeenth::toString);
      assertEquals("5", seventeenth.header("retry-after"));
      assertEquals(
          Json.createObjectBuilder()
              .add("ok", false)
              .add("error", "too_many_sockets")
              .add(
                  "detail",
                  "This account has 16 sockets open on this relay, the most its plan allows;"
                      + " close one first.")
              .build(),
          seventeenth.json());
      assertEquals(429, StreamIT.refusedUpgrade(relay, ticket(sockets.apiKey())));
      try (StreamIT.Listener others = subscribe(otherFree.apiKey())) {
        assertEquals(-1, others.closeCode(200), "another account's socket stays open");
      }

      StreamIT.Listener first = open.remove(0);
      first.close();
      assertEquals(1000, first.closeCode(5_000));
      open.add(subscribeOnceTheRelayLetGo(sockets.apiKey()));
      for (StreamIT.Listener listener : open) {
        assertEquals(-1, listener.closeCode(0), "the sixteen stay open");
      }
    } finally {
      open.forEach(StreamIT.Listener::close);
    }
  }

  @Test
  void an_account_holds_at_most_thirty_two_unredeemed_tickets() throws Exception {
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      issued.add(ticket(tickets.apiKey()));
    }
    assertError(issueTicket(tickets.apiKey()), 409, "too_many_tickets");
    assertEquals(
        200, issueTicket(otherFree.apiKey()).statusCode(), "another account is not held up");

    try (StreamIT.Listener redeemed = StreamIT.Listener.open(relay, issued.get(0), null)) {
      assertEquals("subscribed", redeemed.next(5_000).getString("type"));
      assertEquals(200, issueTicket(tickets.apiKey()).statusCode(), "a redeemed one frees a place");
    }
    assertError(issueTicket(tickets.apiKey()), 409, "too_many_tickets");
  }

  @Test
  void a_ticket_issued_before_its_account_was_revoked_opens_no_socket() throws Exception {
    String ticket = ticket(revoked.apiKey());
    Deployment.revokeAndReload(revoked.label());
    assertEquals(200, adminReload().statusCode()); // this sector is not one of the deployment's own

    StreamIT.assertInvalidTicket(StreamIT.upgrade(relay, ticket));
    assertError(issueTicket(revoked.apiKey()), 401, "invalid_key");
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpResponse<byte[]> drop(String key, byte[] payload) {
    String body =
        "{\"id\":\""
            + sha256(randomBlob(32))
            + "\",\"payload\":\""
            + java.util.Base64.getEncoder().encodeToString(payload)
            + "\"}";
    return relay.send(
        relay
            .request("/v2/drop", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<byte[]> issueTicket(String key) {
    return relay.send(
        relay.request("/v2/ws-ticket", key).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static String ticket(String key) {
    HttpResponse<byte[]> response = issueTicket(key);
    assertEquals(200, response.statusCode(), () -> text(response));
    return json(response).getString("ticket");
  }

  private static StreamIT.Listener subscribe(String key) throws Exception {
    StreamIT.Listener listener = StreamIT.Listener.open(relay, ticket(key), null);
    assertEquals("subscribed", listener.next(5_000).getString("type"));
    return listener;
  }

  /**
   * Subscribes once the relay has handled a socket's close (asynchronously, after the closing
   * handshake): a few attempts, each refused with 429 until then.
   */
  private static StreamIT.Listener subscribeOnceTheRelayLetGo(String key) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      String ticket = ticket(key);
      try {
        StreamIT.Listener listener = StreamIT.Listener.open(relay, ticket, null);
        JsonObject greeting = listener.next(5_000);
        assertEquals("subscribed", greeting.getString("type"));
        return listener;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof java.net.http.WebSocketHandshakeException refused)) {
          throw e;
        }
        assertEquals(429, refused.getResponse().statusCode());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the closed socket was never uncounted");
  }

  private static HttpResponse<byte[]> adminReload() {
    return relay.send(
        relay
            .request("/v2/admin/reload", null)
            .header("Authorization", "Bearer " + Deployment.adminToken())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static int capacity() {
    return Integer.parseInt(readinessData().getString("capacity"));
  }

  /** Slabs held by stored blobs and uploads in progress, as the readiness probe reports them. */
  private static int slabsInUse() {
    return Integer.parseInt(readinessData().getString("slabs_in_use"));
  }

  private static JsonObject readinessData() {
    HttpResponse<byte[]> ready = relay.get("/mphealth/ready", null);
    // MicroProfile Health renders check data as JSON strings
    return Json.createReader(new ByteArrayInputStream(ready.body()))
        .readObject()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data");
  }

  private static void awaitSlabsInUse(int expected) throws InterruptedException {
    int now = -1;
    for (int i = 0; i < 300 && (now = slabsInUse()) != expected; i++) {
      Thread.sleep(100);
    }
    assertEquals(expected, now, "slabs in use");
  }

  /**
   * A binary upload of 1,000 declared bytes that sends one byte every 5 s: often enough that the
   * server's 10 s read timeout never fires, so only the rate floor can end it.
   */
  static final class Trickle implements AutoCloseable {
    private final Socket socket;
    private final Thread writer;

    private Trickle(Socket socket, Thread writer) {
      this.socket = socket;
      this.writer = writer;
    }

    static Trickle start(URI base, String key) throws IOException {
      Socket socket = new Socket(base.getHost(), base.getPort());
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v2/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: "
                  + key
                  + "\r\nContent-Type: application/octet-stream\r\nX-Paramant-Hash: "
                  + sha256(randomBlob(1000))
                  + "\r\nContent-Length: 1000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 40; i++) {
                    Thread.sleep(5_000);
                    out.write('x');
                    out.flush();
                  }
                } catch (IOException | InterruptedException stopped) {
                  // the relay answered and closed, or the test is done
                }
              },
              "trickle");
      writer.setDaemon(true);
      writer.start();
      return new Trickle(socket, writer);
    }

    /** The relay's answer (blocks until it comes). */
    RawResponse response() throws IOException {
      return RawResponse.read(socket.getInputStream());
    }

    @Override
    public void close() {
      writer.interrupt();
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** An HTTP/1.1 response read from a socket: status, headers (lower-case names) and body. */
  record RawResponse(int status, Map<String, String> headers, byte[] body) {

    static RawResponse read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line; !(line = line(in)).isEmpty(); ) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line(in).strip(), 16)) > 0; ) {
          chunks.write(in.readNBytes(size));
          line(in);
        }
        body = chunks.toByteArray();
      } else {
        body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      }
      return new RawResponse(status, headers, body);
    }

    String header(String name) {
      return headers.get(name);
    }

    JsonObject json() {
      assertTrue(header("content-type").startsWith("application/json"), () -> "not JSON: " + this);
      return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new EOFException("connection closed after: " + line);
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }
}
