package io.paramant.relay.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes against the JDK's HTTP server standing in for a peer relay. */
class HealthProbeTest {

  private HttpServer peer;
  private ExecutorService threads;
  private HealthProbe probe;
  private volatile int status = 200;
  private volatile String body;
  private volatile long delayMs;

  @BeforeEach
  void start() throws IOException {
    peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    peer.setExecutor(Executors.newCachedThreadPool());
    peer.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(delayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/health") ? status : 404, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    peer.start();
    threads = Executors.newCachedThreadPool();
    probe = new HealthProbe(HealthProbe.httpClient(threads), System::nanoTime);
  }

  @AfterEach
  void stop() {
    peer.stop(0);
    threads.shutdownNow();
  }

  private Sector sector(String name) {
    return new Sector(name, "http://127.0.0.1:" + peer.getAddress().getPort());
  }

  private Probe probe(Sector sector) {
    return probe.apply(sector).join();
  }

  @Test
  void a_relay_that_answers_for_its_sector_is_up_with_version_edition_and_latency() {
    body =
        "{\"ok\":true,\"version\":\"0.1.0-SNAPSHOT\",\"sector\":\"iot\",\"edition\":\"community\","
            + "\"uptime_s\":5}";
    delayMs = 50;

    Probe up = probe(sector("iot"));

    assertTrue(up.up());
    assertEquals("0.1.0-SNAPSHOT", up.version());
    assertEquals("community", up.edition());
    assertTrue(up.latencyMs() >= 50 && up.latencyMs() < 2_000, up::toString);
  }

  @Test
  void a_base_url_with_a_path_is_probed_below_it() {
    body = "{\"ok\":true,\"sector\":\"iot\"}";
    Sector behindProxy = new Sector("iot", sector("iot").url() + "/relays/iot/");

    assertEquals(false, probe(behindProxy).up()); // /relays/iot/health is 404 here
    assertEquals(
        "http://127.0.0.1:" + peer.getAddress().getPort() + "/relays/iot/health",
        behindProxy.healthUri().toString());
  }

  @Test
  void another_sector_a_status_not_ok_or_not_200_or_no_json_is_down() {
    body = "{\"ok\":true,\"sector\":\"main\"}";
    assertEquals(Probe.DOWN, probe(sector("iot")));

    body = "{\"ok\":false,\"sector\":\"iot\"}";
    assertEquals(Probe.DOWN, probe(sector("iot")));

    body = "{\"ok\":true,\"sector\":\"iot\"}";
    status = 503;
    assertEquals(Probe.DOWN, probe(sector("iot")));

    status = 200;
    body = "<html>hello</html>";
    assertEquals(Probe.DOWN, probe(sector("iot")));

    body = "[1,2]";
    assertEquals(Probe.DOWN, probe(sector("iot")));

    body = "{\"ok\":true,\"sector\":\"iot\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
    assertEquals(Probe.DOWN, probe(sector("iot")));
  }

  @Test
  void odd_types_of_version_and_edition_are_null_but_the_relay_is_up() {
    body = "{\"ok\":true,\"sector\":\"iot\",\"version\":1,\"edition\":null}";

    Probe up = probe(sector("iot"));

    assertTrue(up.up());
    assertEquals(null, up.version());
    assertEquals(null, up.edition());
  }

  @Test
  void a_closed_port_is_down_at_once() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    long start = System.nanoTime();
    assertEquals(Probe.DOWN, probe(new Sector("iot", "http://127.0.0.1:" + closed)));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
  }

  @Test
  void a_relay_that_does_not_answer_within_two_seconds_is_down_after_two_seconds() {
    body = "{\"ok\":true,\"sector\":\"iot\"}";
    delayMs = 4_000;

    long start = System.nanoTime();
    Probe probe = probe(sector("iot"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(Probe.DOWN, probe);
    assertTrue(elapsedMs >= 1_900 && elapsedMs < 3_000, "took " + elapsedMs + " ms");
  }
}
