package io.paramant.systemtests;

import static io.paramant.systemtests.Deployment.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Smoke test of a started deployment: probes, /metrics protection, no banner, loopback only. */
class HealthIT {

  @Test
  void health_answers_ok_json_naming_its_sector() throws Exception {
    for (String sector : Deployment.sectors()) {
      HttpResponse<String> response = get(sector, "health");

      assertEquals(200, response.statusCode(), sector + ": " + response.body());
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          sector + ": Content-Type " + response.headers().firstValue("Content-Type"));
      JsonObject health = json(response.body());
      assertTrue(health.getBoolean("ok"), response.body());
      assertEquals(sector, health.getString("sector"), response.body());
    }
  }

  @Test
  void microprofile_health_readiness_probe_answers_on_mphealth() throws Exception {
    HttpResponse<String> response = get(MAIN, "mphealth/ready");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("UP", json(response.body()).getString("status"), response.body());
  }

  @Test
  void metrics_without_credentials_is_401_with_a_basic_challenge() throws Exception {
    HttpResponse<String> response = get(MAIN, "metrics");

    assertEquals(401, response.statusCode());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
        "WWW-Authenticate: " + response.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void metrics_with_a_wrong_password_is_401() throws Exception {
    HttpResponse<String> response =
        send(request(MAIN, "metrics").header("Authorization", basic("admin", "not-the-token")));

    assertEquals(401, response.statusCode());
  }

  @Test
  void metrics_with_admin_basic_credentials_is_200_prometheus_text() throws Exception {
    HttpResponse<String> response =
        send(
            request(MAIN, "metrics")
                .header("Authorization", basic("admin", Deployment.adminToken())));

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("# TYPE "), "not Prometheus text: " + response.body());
  }

  @Test
  void responses_carry_no_server_or_x_powered_by_banner() throws Exception {
    String bigHeader = "a".repeat(10_000); // rejected by the container itself (400), not the app
    List<HttpResponse<String>> responses =
        List.of(
            get(MAIN, "health"),
            get(MAIN, "mphealth/ready"),
            get(MAIN, "metrics"),
            get(MAIN, "v2/no-such-route"),
            send(request(MAIN, "health").header("X-Padding", bigHeader)));

    for (HttpResponse<String> response : responses) {
      String what = response.request().uri().getPath() + " → " + response.statusCode();
      assertEquals(Optional.empty(), response.headers().firstValue("Server"), what);
      assertEquals(Optional.empty(), response.headers().firstValue("X-Powered-By"), what);
      assertFalse(
          response.body().contains("Payara"), what + " names the server: " + response.body());
    }
  }

  @Test
  void http_port_is_reachable_on_loopback_only() throws Exception {
    int port = Deployment.baseUri(MAIN).getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
    }
    List<InetAddress> addresses = nonLoopbackAddresses();
    assumeFalse(addresses.isEmpty(), "this machine has no non-loopback address to try");

    for (InetAddress address : addresses) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 2_000);
        fail("port " + port + " accepts connections on " + address.getHostAddress());
      } catch (IOException expected) {
        // refused: nothing listens there
      }
    }
  }

  // ------------------------------------------------------------------------------------------------

  /**
   * This machine's own addresses other than loopback (connecting to them stays on this machine).
   */
  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(HealthIT::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isAnyLocalAddress())
        .toList();
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private static HttpRequest.Builder request(String sector, String path) {
    return HttpRequest.newBuilder(Deployment.baseUri(sector).resolve(path))
        .timeout(Duration.ofSeconds(30))
        .GET();
  }

  private static HttpResponse<String> get(String sector, String path) throws Exception {
    return send(request(sector, path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return Deployment.http()
        .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject json(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }
}
