package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.paramant.relay.RelayException;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.Owner;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhooksTest {

  private static final Owner ALICE = new Owner("alice", "clinic");
  private static final Owner BOB = new Owner("bob", "clinic");
  private static final Owner EVE = new Owner("eve", null);
  private static final String ALICE_KEY = "pgp_" + "a1".repeat(32);
  private static final String BOB_KEY = "pgp_" + "b0".repeat(32);
  private static final String URL = "https://hooks.example/paramant";

  private record Sent(URI target, String body, String signature) {}

  private final AtomicLong now = new AtomicLong(5_000);
  private final List<Sent> sent = new ArrayList<>();
  private final List<DeliveryEvent> published = new ArrayList<>();
  private final Deliveries deliveries =
      new Deliveries(now::get, hash -> 1, (hash, owner) -> true, published::add);
  private final Webhooks webhooks =
      new Webhooks(
          new TargetPolicy(
              false,
              host ->
                  host.equals("hooks.example")
                      ? new InetAddress[] {InetAddress.getByName("93.184.216.34")}
                      : InetAddress.getAllByName(host)),
          (target, body, signature) -> {
            sent.add(new Sent(target, new String(body, StandardCharsets.UTF_8), signature));
            return CompletableFuture.completedFuture(200);
          },
          Runnable::run,
          (task, delayMs) -> task.run(),
          now::get,
          deliveries::find,
          account -> true,
          published::add);

  @Test
  void a_hash_registration_is_called_once_with_the_event_signed_by_the_registering_key() {
    String hash = DeliveriesTest.hash(1);
    store(hash, ALICE, null);
    Registered registered = webhooks.register(BOB, BOB_KEY, hash, null, URL);

    assertEquals("hash", registered.type());
    assertNull(registered.expiresInSeconds());
    assertEquals(32, registered.id().length());
    burn(hash, ALICE, null, 7_000);
    burn(hash, ALICE, null, 8_000); // (cannot happen twice; one-shot anyway)

    String body = "{\"event\":\"blob_retrieved\",\"hash\":\"" + hash + "\",\"ts\":7000}";
    assertEquals(List.of(new Sent(URI.create(URL), body, hmac(BOB_KEY, body))), sent);
    assertEquals(0, webhooks.registrations());
    assertTrue(
        published.contains(
            new DeliveryEvent.WebhookFinished(BOB, hash, DeliveryEvent.Outcome.DELIVERED)));
  }

  @Test
  void a_device_registration_is_called_for_every_blob_to_that_device() {
    Registered registered = webhooks.register(ALICE, ALICE_KEY, null, "scanner-1", URL);
    assertEquals("device", registered.type());
    assertEquals(86_400L, registered.expiresInSeconds());

    for (int i = 2; i < 5; i++) {
      store(DeliveriesTest.hash(i), BOB, i == 4 ? "printer-7" : "scanner-1");
      burn(DeliveriesTest.hash(i), BOB, i == 4 ? "printer-7" : "scanner-1", 10_000 + i);
    }

    assertEquals(2, sent.size());
    for (Sent s : sent) {
      assertEquals(hmac(ALICE_KEY, s.body()), s.signature());
    }
    assertEquals(1, webhooks.registrations());
  }

  @Test
  void registering_for_a_blob_downloaded_already_sends_its_event_at_once() {
    String hash = DeliveriesTest.hash(5);
    store(hash, ALICE, null);
    burn(hash, ALICE, null, 6_000);

    webhooks.register(ALICE, ALICE_KEY, hash, null, URL);

    assertEquals(1, sent.size());
    assertTrue(sent.get(0).body().endsWith("\"ts\":6000}"));
    assertEquals(0, webhooks.registrations());
  }

  @Test
  void bad_registrations_are_refused_with_their_codes() {
    String hash = DeliveriesTest.hash(6);
    store(hash, ALICE, null);

    assertEquals("not_found", code(() -> webhooks.register(EVE, "pgp_e", hash, null, URL)));
    assertEquals(
        "not_found",
        code(() -> webhooks.register(ALICE, ALICE_KEY, DeliveriesTest.hash(7), null, URL)));
    assertEquals("missing_field", code(() -> webhooks.register(ALICE, ALICE_KEY, null, null, URL)));
    assertEquals(
        "invalid_field", code(() -> webhooks.register(ALICE, ALICE_KEY, hash, "scanner-1", URL)));
    assertEquals("invalid_hash", code(() -> webhooks.register(ALICE, ALICE_KEY, "zz", null, URL)));
    assertEquals(
        "invalid_device_id", code(() -> webhooks.register(ALICE, ALICE_KEY, null, "a b", URL)));
    assertEquals(
        "missing_field", code(() -> webhooks.register(ALICE, ALICE_KEY, hash, null, null)));
    for (String target :
        new String[] {
          "http://127.0.0.1:8080/", "http://10.1.2.3/", "http://169.254.169.254/latest/",
          "http://[::ffff:192.168.0.1]/", "http://[fd00::1]/", "http://100.100.100.100/"
        }) {
      assertEquals(
          "webhook_target_refused",
          code(() -> webhooks.register(ALICE, ALICE_KEY, hash, null, target)),
          target);
    }
    assertEquals(0, webhooks.registrations());
  }

  @Test
  void an_expired_blob_ends_its_registrations() {
    String hash = DeliveriesTest.hash(8);
    store(hash, ALICE, null);
    webhooks.register(ALICE, ALICE_KEY, hash, null, URL);

    BlobEvent.Expired expired = new BlobEvent.Expired(hash, 10, ALICE, now.get());
    deliveries.expired(expired);
    webhooks.expired(expired);

    assertEquals(0, webhooks.registrations());
    assertEquals(List.of(), sent);
  }

  @Test
  void the_jdk_transport_posts_the_exact_body_and_signature_and_reads_only_the_status()
      throws Exception {
    List<String> received = new ArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER)
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(202, 0); // chunked, and never finished
          OutputStream out = exchange.getResponseBody();
          out.write("still talking".getBytes(StandardCharsets.UTF_8));
          out.flush();
        });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    server.start();
    try {
      byte[] body = WebhookSignature.blobRetrieved(DeliveriesTest.hash(9), 1);
      URI target =
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=t");

      int status =
          Webhooks.post(Webhooks.httpClient(pool), target, body, "feed").get(5, TimeUnit.SECONDS);

      assertEquals(202, status);
      assertEquals(
          List.of("POST application/json feed " + new String(body, StandardCharsets.UTF_8)),
          received);
    } finally {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  private void store(String hash, Owner owner, String device) {
    deliveries.stored(new BlobEvent.Stored(hash, 10, owner, device, now.get()));
  }

  private void burn(String hash, Owner owner, String device, long atMs) {
    now.set(atMs);
    deliveries.burned(new BlobEvent.Burned(hash, 10, owner, device, atMs));
    for (DeliveryEvent e : List.copyOf(published)) {
      if (e instanceof DeliveryEvent.Retrieved r && r.atMs() == atMs) {
        webhooks.retrieved(r);
      }
    }
  }

  private static String hmac(String key, String body) {
    return WebhookSignature.sign(
        key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void failure_log_lines_are_let_through_once_per_interval_with_the_count_held_back() {
    Webhooks.LogThrottle throttle = new Webhooks.LogThrottle();
    long t0 = 1_000_000;

    assertEquals(0, throttle.admit(t0));
    assertEquals(-1, throttle.admit(t0 + 1));
    assertEquals(-1, throttle.admit(t0 + 2));
    assertEquals(-1, throttle.admit(t0 + Webhooks.LOG_INTERVAL_MS - 1));
    assertEquals(3, throttle.admit(t0 + Webhooks.LOG_INTERVAL_MS));
    assertEquals(-1, throttle.admit(t0 + Webhooks.LOG_INTERVAL_MS + 5));
    assertEquals(1, throttle.admit(t0 + 5 * Webhooks.LOG_INTERVAL_MS));
  }

  private static String code(Runnable call) {
    return assertThrows(RelayException.class, call::run).code();
  }
}
