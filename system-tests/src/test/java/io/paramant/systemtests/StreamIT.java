package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * /v2/stream with a real WebSocket client: tickets, announcements, isolation, revocation, fan-out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  /**
   * A ticket taken before the first test and presented by the last one once it is 31 s old, so that
   * its 31 s pass while the other tests run instead of in a sleep of their own (this class runs in
   * all three suites).
   */
  private static String agingTicket;

  private static long agingSince;

  @BeforeAll
  static void takeATicketToAge() {
    agingTicket =
        ticket(new RelayApi(Deployment.baseUri(Deployment.MAIN)), Deployment.apiKey("pro"));
    agingSince = System.nanoTime();
  }

  /**
   * The announcement arrives, complete. How fast is PushBenchmark's figure (docs/PERFORMANCE.md),
   * not this test's: a one-second bound here failed once on a freshly booted Payara Server.
   */
  @Test
  void an_upload_is_announced() throws Exception {
    String key = Deployment.apiKey("pro");
    try (Listener listener = connect(ticket(key), null)) {
      byte[] blob = randomBlob(1234);
      relay.store(key, blob);

      JsonObject event = listener.next(10_000);

      assertEquals("blob_ready", event.getString("type"));
      assertEquals(sha256(blob), event.getString("hash"));
      assertEquals(1234, event.getInt("size"));
      assertTrue(
          Math.abs(System.currentTimeMillis() - event.getJsonNumber("ts").longValue()) < 5_000);
      relay.outbound(key, sha256(blob));
    }
  }

  @Test
  void a_ticket_works_once_and_a_made_up_one_never() throws Exception {
    String ticket = ticket(Deployment.apiKey("pro"));
    try (Listener first = connect(ticket, null)) {
      assertEquals(-1, first.closeCode(500), "the first use stays open");
      assertInvalidTicket(upgrade(relay, ticket));
    }
    assertInvalidTicket(upgrade(relay, "not-a-ticket"));
    assertEquals(401, refusedUpgrade(relay, "not-a-ticket"), "what a WebSocket client sees");
  }

  /**
   * The upgrade answer for a missing, unknown, used or expired ticket: 401 in the API's JSON shape,
   * and no socket (API.md: "close 4401 or HTTP 401 before the upgrade").
   */
  static void assertInvalidTicket(FairnessIT.RawResponse refused) {
    assertEquals(401, refused.status(), refused::toString);
    assertEquals(
        Json.createObjectBuilder()
            .add("ok", false)
            .add("error", "invalid_ticket")
            .add("detail", "The ticket is unknown, already used or expired.")
            .build(),
        refused.json());
  }

  /** A WebSocket handshake for {@code ticket} on a plain TCP socket: the relay's HTTP answer. */
  static FairnessIT.RawResponse upgrade(RelayApi relay, String ticket) throws IOException {
    return upgrade(relay, "/v2/stream", ticket);
  }

  /**
   * The hostile paths: spellings of the stream's path (and others) that the WebSocket container
   * might match while a servlet mapping on {@code /v2/stream} would not; every upgrade is admitted
   * before it happens, so a made-up ticket is refused with the same 401 on each, and no socket is
   * opened that would have to be closed.
   */
  @Test
  void an_upgrade_on_any_spelling_of_the_path_needs_a_ticket() throws Exception {
    java.nio.file.Path log = Deployment.logFile(Deployment.MAIN);
    long logBefore = java.nio.file.Files.size(log);
    for (String path :
        List.of(
            "/v2/stream/",
            "/v2/stream;x=1",
            "/v2//stream",
            "/v2/./stream",
            "/v2/x/../stream",
            "/v2/%73tream",
            "/V2/stream",
            "/v2/stream.json",
            "/health")) {
      assertMadeUpTicketRefused(path, "Upgrade: websocket\r\n");
    }
    assertNoContainerErrorsSince(log, logBefore);
  }

  private void assertMadeUpTicketRefused(String path, String upgradeHeaders) throws IOException {
    FairnessIT.RawResponse refused = upgrade(relay, path, "made-up", upgradeHeaders);
    String what = path + " with " + upgradeHeaders.replace("\r\n", "|");
    assertEquals(401, refused.status(), () -> what + ": " + refused);
    assertEquals("invalid_ticket", refused.json().getString("error"), what);
  }

  /**
   * The hostile headers: spellings of {@code Upgrade} that a plain {@code getHeader} does not read
   * as "websocket" but the WebSocket container's own parsing does (a trailing comma, a tab, an
   * empty first header), and a handshake without {@code Upgrade}: each is admitted like any other
   * upgrade, so a made-up ticket gets the 401 and no socket.
   */
  @Test
  void an_upgrade_with_any_spelling_of_its_headers_needs_a_ticket() throws Exception {
    java.nio.file.Path log = Deployment.logFile(Deployment.MAIN);
    long logBefore = java.nio.file.Files.size(log);
    for (String headers :
        List.of(
            "Upgrade: websocket,\r\n",
            "Upgrade: websocket\t\r\n",
            "Upgrade:\r\nUpgrade: websocket\r\n",
            "Upgrade: WebSocket\r\n",
            "Upgrade: h2c, websocket\r\n",
            "")) {
      assertMadeUpTicketRefused("/v2/stream", headers);
    }
    assertNoContainerErrorsSince(log, logBefore);
  }

  /** A WebSocket handshake to {@code path} with {@code ticket}: the relay's HTTP answer. */
  static FairnessIT.RawResponse upgrade(RelayApi relay, String path, String ticket)
      throws IOException {
    return upgrade(relay, path, ticket, "Upgrade: websocket\r\n");
  }

  /** Like {@link #upgrade(RelayApi, String, String)}, with these raw {@code Upgrade} lines. */
  static FairnessIT.RawResponse upgrade(
      RelayApi relay, String path, String ticket, String upgradeHeaders) throws IOException {
    URI base = relay.uri("/");
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + "?ticket="
                      + ticket
                      + " HTTP/1.1\r\nHost: "
                      + base.getHost()
                      + ":"
                      + base.getPort()
                      + "\r\n"
                      + upgradeHeaders
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                      + Base64.getEncoder().encodeToString(nonce)
                      + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return FairnessIT.RawResponse.read(socket.getInputStream());
    }
  }

  /** The HTTP status with which the relay refused the JDK WebSocket client's upgrade. */
  static int refusedUpgrade(RelayApi relay, String ticket) throws Exception {
    try (Listener opened = Listener.open(relay, ticket, null)) {
      throw new AssertionError("the relay opened a socket for ticket " + ticket);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      throw e;
    }
  }

  /**
   * Refused upgrades disturb no other connection. The relay used to open the socket and close it
   * with 4401 from {@code @OnOpen}; about one such close in three hundred let Payara Micro's
   * request and response objects of that connection serve other connections, so a later request got
   * an answer that was not its own (in one CI run an empty 200 for {@code POST /v2/ws-ticket} with
   * a revoked key), and the log showed GRIZZLY0013 and AS-WEB-CORE-00037. The adversary here is any
   * client with a made-up ticket, four at a time.
   */
  @Test
  void three_hundred_refused_upgrades_leave_every_other_answer_intact() throws Exception {
    java.nio.file.Path log = Deployment.logFile(Deployment.MAIN);
    long logBefore = java.nio.file.Files.size(log);
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int client = t;
        runs.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 75; i++) {
                    assertEquals(
                        401,
                        refusedUpgrade(relay, "made-up-" + client + "-" + i),
                        "upgrade " + client + "/" + i);
                    RelayApi.assertError(
                        relay.send(
                            relay
                                .request("/v2/ws-ticket", "pgp_" + "0".repeat(64))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build()),
                        401,
                        "invalid_key");
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
    }
    assertNoContainerErrorsSince(log, logBefore);
  }

  /**
   * The relay ending established sockets disturbs no other connection: revoking a key closes its
   * two hundred sockets at once, each of whose clients answers the close at once. Closed on the
   * calling thread, about one such close in thirty racing the client's reply let Payara's request
   * objects of that connection be recycled twice (GRIZZLY0013, AS-WEB-CORE-00037), which is how
   * other clients get answers that are not theirs; the relay now closes on the socket's read path
   * (Subscribers#closeOnItsReadPath).
   */
  @Test
  void revoking_a_key_with_two_hundred_sockets_closes_them_all_and_disturbs_nothing()
      throws Exception {
    TestAccount account = Deployment.newAccount("enterprise");
    List<Listener> listeners = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        listeners.add(connect(ticket(account.apiKey()), null));
      }
      java.nio.file.Path log = Deployment.logFile(Deployment.MAIN);
      long logBefore = java.nio.file.Files.size(log);

      Deployment.revokeAndReload(account.label());

      for (Listener listener : listeners) {
        assertEquals(4401, listener.closeCode(10_000));
        assertEquals("key revoked", listener.closeReason());
      }
      Thread.sleep(1_000); // what the closes set off is logged by then
      assertNoContainerErrorsSince(log, logBefore);
    } finally {
      listeners.forEach(Listener::close);
    }
  }

  /** What the relay's log gained since {@code offset} shows none of the container's symptoms. */
  static void assertNoContainerErrorsSince(java.nio.file.Path log, long offset) throws IOException {
    String added;
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      file.seek(offset);
      byte[] rest = new byte[(int) (file.length() - offset)];
      file.readFully(rest);
      added = new String(rest, StandardCharsets.UTF_8);
    }
    for (String symptom :
        List.of("GRIZZLY0013", "AS-WEB-CORE-00037", "Cannot set ReaderListener", "WELD-000714")) {
      int at = added.indexOf(symptom);
      assertEquals(
          -1,
          at,
          () ->
              symptom
                  + " in the relay's log: "
                  + added.substring(Math.max(0, at - 300), Math.min(added.length(), at + 1500)));
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: see agingTicket
  void a_ticket_older_than_thirty_seconds_is_refused() throws Exception {
    long age = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - agingSince);
    Thread.sleep(Math.max(0, 31_000 - age));
    assertInvalidTicket(upgrade(relay, agingTicket));
  }

  @Test
  void another_accounts_upload_is_not_announced_and_devices_are_respected() throws Exception {
    String pro = Deployment.apiKey("pro");
    String free = Deployment.apiKey("free");
    try (Listener mine = connect(ticket(free), null);
        Listener scanner = connect(ticket(pro), "scanner-1");
        Listener other = connect(ticket(pro), "printer-7")) {
      byte[] blob = randomBlob(10);
      relay.inboundBinaryTo(pro, blob, "scanner-1");

      assertEquals(sha256(blob), scanner.next(1_000).getString("hash"));
      assertNull(other.poll(1_000), "a blob for another device");
      assertNull(mine.poll(500), "another account's blob");
      relay.outbound(pro, sha256(blob));
    }
  }

  @Test
  void revoking_the_key_closes_its_socket_with_4401_within_two_seconds_by_either_path()
      throws Exception {
    // the two seconds count from the return of the command that changes users.json (a JVM of its
    // own, slow to start on a busy machine); the close frame may arrive while it still runs
    TestAccount byFile = Deployment.newAccount("free");
    try (Listener listener = connect(ticket(byFile.apiKey()), null)) {
      // the product's own writer changes users.json, no reload call: the relay polls the file
      Deployment.revokeInFile(byFile.label());
      assertEquals(4401, listener.closeCode(2_000));
    }
    TestAccount byAdmin = Deployment.newAccount("free");
    try (Listener listener = connect(ticket(byAdmin.apiKey()), null)) {
      // the admin path: write, then POST /v2/admin/reload
      Deployment.revokeAndReload(byAdmin.label());
      assertEquals(4401, listener.closeCode(2_000));
    }
  }

  @Test
  void five_hundred_sockets_each_receive_the_announcement() throws Exception {
    String key = Deployment.apiKey("enterprise");
    List<Listener> listeners = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        listeners.add(connect(ticket(key), null));
      }
      byte[] blob = randomBlob(100);
      relay.store(key, blob);
      for (Listener listener : listeners) {
        assertEquals(sha256(blob), listener.next(5_000).getString("hash"));
      }
      relay.outbound(key, sha256(blob));
    } finally {
      listeners.forEach(Listener::close);
    }
  }

  @Test
  void uploads_are_answered_and_announced_in_order_while_three_hundred_sockets_do_not_read()
      throws Exception {
    String key = Deployment.newAccount("enterprise").apiKey();
    List<StalledSocket> stalled = new ArrayList<>();
    List<Listener> readers = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        stalled.add(StalledSocket.connect(relay.uri("/v2/stream"), ticket(key)));
      }
      for (int i = 0; i < 3; i++) {
        readers.add(connect(ticket(key), null));
      }

      List<String> uploaded = new ArrayList<>();
      long slowestMs = 0;
      for (int i = 0; i < 30; i++) {
        byte[] blob = randomBlob(100 + i);
        long start = System.nanoTime();
        uploaded.add(relay.store(key, blob));
        slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
        assertEquals(200, relay.outbound(key, sha256(blob)).statusCode());
      }

      // generous: an upload does not wait for the sockets it is announced to
      assertTrue(slowestMs < 10_000, "slowest upload " + slowestMs + " ms");
      for (Listener reader : readers) {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < uploaded.size(); i++) {
          JsonObject event = reader.next(10_000);
          assertEquals("blob_ready", event.getString("type"));
          received.add(event.getString("hash"));
        }
        assertEquals(uploaded, received, "every event, in upload order");
        assertNull(reader.poll(200), "nothing more");
      }
      for (StalledSocket socket : stalled) {
        assertEquals(uploaded, socket.readAnnouncements(uploaded.size()), "a late reader");
      }
    } finally {
      readers.forEach(Listener::close);
      stalled.forEach(StalledSocket::close);
    }
  }

  private String ticket(String key) {
    return ticket(relay, key);
  }

  private static String ticket(RelayApi relay, String key) {
    var response =
        relay.send(
            relay.request("/v2/ws-ticket", key).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
    JsonObject ticket = json(response);
    assertEquals(30, ticket.getInt("expires_in"));
    return ticket.getString("ticket");
  }

  /**
   * Connects and waits for the relay's {@code subscribed} message: announcements flow from then on.
   */
  private Listener connect(String ticket, String device) throws Exception {
    Listener listener = open(ticket, device);
    assertEquals("subscribed", listener.next(5_000).getString("type"));
    return listener;
  }

  /** Connects without waiting: for tickets the relay must refuse. */
  private Listener open(String ticket, String device) throws Exception {
    return Listener.open(relay, ticket, device);
  }

  /** Collects text messages and the close code of one socket. */
  static final class Listener implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason;
    private WebSocket socket;

    /** Opens {@code /v2/stream} of {@code relay} with a ticket, without waiting for a message. */
    static Listener open(RelayApi relay, String ticket, String device) throws Exception {
      URI base = relay.uri("/v2/stream");
      URI uri =
          URI.create(
              "ws://"
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + "/v2/stream?ticket="
                  + ticket
                  + (device == null ? "" : "&device=" + device));
      Listener listener = new Listener();
      listener.socket =
          Deployment.http()
              .newWebSocketBuilder()
              .buildAsync(uri, listener)
              .get(10, TimeUnit.SECONDS);
      return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-2);
    }

    JsonObject next(long timeoutMs) throws InterruptedException {
      JsonObject message = poll(timeoutMs);
      if (message == null) {
        throw new AssertionError("no message within " + timeoutMs + " ms");
      }
      return message;
    }

    JsonObject poll(long timeoutMs) throws InterruptedException {
      String message = messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
      return message == null ? null : Json.createReader(new StringReader(message)).readObject();
    }

    /** The close code received within the timeout, or -1 if the socket is still open. */
    int closeCode(long timeoutMs) throws Exception {
      try {
        return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillOpen) {
        return -1;
      }
    }

    /** The reason text of the close frame, once {@link #closeCode} saw one. */
    String closeReason() {
      return closeReason;
    }

    @Override
    public void close() {
      if (socket != null && !socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
    }
  }

  /**
   * A {@code /v2/stream} client on a plain TCP socket with a small receive buffer that reads the
   * {@code subscribed} greeting and then nothing until told to: what the relay sees of a consumer
   * that stopped reading.
   */
  static final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private StalledSocket(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
    }

    static StalledSocket connect(URI stream, String ticket) throws IOException {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(4096);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()), 10_000);
      StalledSocket client = new StalledSocket(socket);
      byte[] nonce = new byte[16];
      new SecureRandom().nextBytes(nonce);
      String upgrade =
          "GET /v2/stream?ticket="
              + ticket
              + " HTTP/1.1\r\nHost: "
              + stream.getHost()
              + ":"
              + stream.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(nonce)
              + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String head = client.readHead();
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      String greeting = client.readText();
      assertTrue(greeting.startsWith("{\"type\":\"subscribed\""), greeting);
      return client;
    }

    /** The hashes of the next {@code count} {@code blob_ready} messages. */
    List<String> readAnnouncements(int count) throws IOException {
      List<String> hashes = new ArrayList<>();
      while (hashes.size() < count) {
        JsonObject event = Json.createReader(new StringReader(readText())).readObject();
        assertEquals("blob_ready", event.getString("type"));
        hashes.add(event.getString("hash"));
      }
      return hashes;
    }

    /** The response head, byte by byte: nothing after it is consumed. */
    private String readHead() throws IOException {
      StringBuilder head = new StringBuilder();
      while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed in the response head: " + head);
        }
        head.append((char) b);
      }
      return head.toString();
    }

    /** The next text message (unfragmented, as the relay sends them); pings are skipped. */
    private String readText() throws IOException {
      while (true) {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = (readByte() << 8) | readByte();
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | readByte();
          }
        }
        byte[] payload = in.readNBytes((int) length);
        int opcode = first & 0x0f;
        if (opcode == 0x1) {
          assertTrue((first & 0x80) != 0, "unfragmented");
          return new String(payload, StandardCharsets.UTF_8);
        }
        if (opcode == 0x8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
          throw new AssertionError("the relay closed the socket with " + code);
        }
        // 0x9 ping, 0xA pong: not what is looked for
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the relay closed the connection");
      }
      return b;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
