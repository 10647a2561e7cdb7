package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paramant.systemtests.RawHttp.Raw;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx terminating TLS in front of the running relays, with the site configuration an operator
 * renders from {@code server-config/nginx/} (TLS 1.2/1.3, host names per sector, streaming both
 * ways, WebSocket upgrade for /v2/stream). Debian's nginx runs in the foreground on 127.0.0.1 with
 * a configuration in {@code target/nginx-it} and a self-signed certificate made with keytool, and
 * is stopped by its pid at the end.
 *
 * <p>The client connects to 127.0.0.1 and names the sector in the Host header (there is no DNS for
 * the test domain): failsafe sets {@code jdk.httpclient.allowRestrictedHeaders=host}.
 */
class NginxIT {

  private static final String DOMAIN = "paramant.test";
  private static final String RELAY = "relay." + DOMAIN;

  private static Path dir;
  private static Process nginx;
  private static int httpsPort;
  private static int httpPort;
  private static HttpClient https;
  private static SSLContext tls;
  private static String key;

  @BeforeAll
  static void startNginx() throws Exception {
    Path binary = findNginx();
    key = Deployment.apiKey("pro");
    dir =
        Path.of(
                System.getProperty(
                    "paramant.nginxDir",
                    Deployment.repoRoot().resolve("system-tests/target/nginx-it").toString()))
            .toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir.resolve("tmp"));
    Path cert = dir.resolve("cert.pem");
    Path privateKey = dir.resolve("key.pem");
    selfSignedCertificate(cert, privateKey);

    httpsPort = freePort();
    httpPort = freePort();
    int closedPort = freePort(); // sectors that are not running: nothing listens there
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("PARAMANT_DOMAIN", DOMAIN);
    env.put("PARAMANT_TLS_CERT", cert.toString());
    env.put("PARAMANT_TLS_KEY", privateKey.toString());
    env.put("PARAMANT_HTTPS_LISTEN", "127.0.0.1:" + httpsPort);
    env.put("PARAMANT_HTTP_LISTEN", "127.0.0.1:" + httpPort);
    env.put("PARAMANT_PORT_MAIN", Integer.toString(Deployment.baseUri(Deployment.MAIN).getPort()));
    env.put("PARAMANT_PORT_IOT", Integer.toString(Deployment.baseUri(Deployment.IOT).getPort()));
    env.put("PARAMANT_PORT_HEALTH", Integer.toString(closedPort));
    env.put("PARAMANT_PORT_FINANCE", Integer.toString(closedPort));
    env.put("PARAMANT_PORT_LEGAL", Integer.toString(closedPort));
    env.put("PARAMANT_PORT_ADMIN", Integer.toString(Deployment.adminUri().getPort()));
    env.put("PARAMANT_ADMIN_ALLOW", "127.0.0.1");
    Path site = dir.resolve("paramant.conf");
    run(env, site, Deployment.repoRoot().resolve("server-config/nginx/render").toString());
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "# test-only main configuration around the operator's site file",
            "worker_processes 1;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " info;",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log " + dir.resolve("access.log") + ";",
            "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
            "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
            "  include " + site + ";",
            "}",
            ""));
    run(
        Map.of(),
        dir.resolve("nginx-t.out"),
        binary.toString(),
        "-t",
        "-p",
        dir.toString(),
        "-c",
        conf.toString());

    nginx =
        new ProcessBuilder(
                binary.toString(), "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    awaitPort(httpsPort);
    awaitPort(httpPort);

    tls = trusting(cert);
    https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stopNginx() throws Exception {
    if (nginx == null) {
      return;
    }
    List<ProcessHandle> workers = nginx.descendants().toList();
    nginx.destroy(); // SIGTERM to the master (by pid): fast shutdown, workers included
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle worker : workers) {
      if (worker.isAlive()) {
        worker.destroyForcibly();
      }
    }
    assertFalse(nginx.isAlive(), "nginx (pid " + nginx.pid() + ") still runs");
  }

  // ------------------------------------------------------------------------------------------------

  @Test
  void upload_and_download_over_https_are_byte_identical_and_the_blob_burns() throws Exception {
    byte[] binary = randomBlob(RelayApi.MAX_BLOB);
    HttpResponse<byte[]> stored =
        send(
            request(RELAY, "/v2/inbound")
                .header("Content-Type", "application/octet-stream")
                .header("X-Paramant-Hash", sha256(binary))
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)));
    assertEquals(200, stored.statusCode(), () -> RelayApi.text(stored));

    // the largest body the API takes: a 5 MiB blob as base64 in JSON (6.99 MB), streamed through
    byte[] json = randomBlob(RelayApi.MAX_BLOB);
    HttpResponse<byte[]> storedJson =
        send(
            request(RELAY, "/v2/inbound")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelayApi.inboundJsonBody(json, null))));
    assertEquals(200, storedJson.statusCode(), () -> RelayApi.text(storedJson));

    for (byte[] blob : List.of(binary, json)) {
      HttpResponse<byte[]> download = send(request(RELAY, "/v2/outbound/" + sha256(blob)).GET());
      assertEquals(200, download.statusCode(), () -> RelayApi.text(download));
      assertArrayEquals(blob, download.body());
      assertEquals(
          "max-age=63072000; includeSubDomains",
          download.headers().firstValue("Strict-Transport-Security").orElse(""));
      assertTrue(
          download.headers().firstValue("Server").orElse("").matches("[^0-9]*"),
          "a version banner: " + download.headers().firstValue("Server"));

      RelayApi.assertError(
          send(request(RELAY, "/v2/outbound/" + sha256(blob)).GET()), 404, "not_found");
    }
  }

  @Test
  void a_body_beyond_the_largest_upload_is_refused_at_the_edge_with_json_413() throws Exception {
    byte[] tooBig = new byte[7_100_000];

    HttpResponse<byte[]> response =
        send(
            request(RELAY, "/v2/inbound")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooBig)));

    RelayApi.assertError(response, 413, "payload_too_large");
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void a_websocket_through_nginx_receives_blob_ready_after_an_upload() throws Exception {
    HttpResponse<byte[]> ticket =
        send(request(RELAY, "/v2/ws-ticket").POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, ticket.statusCode(), () -> RelayApi.text(ticket));
    String value = RelayApi.json(ticket).getString("ticket");

    Listener listener = new Listener();
    WebSocket socket =
        https
            .newWebSocketBuilder()
            .header("Host", RELAY)
            .buildAsync(
                URI.create("wss://127.0.0.1:" + httpsPort + "/v2/stream?ticket=" + value), listener)
            .get(10, TimeUnit.SECONDS);
    try {
      String hello = listener.messages.poll(5, TimeUnit.SECONDS);
      assertTrue(
          hello != null && hello.contains("\"type\":\"subscribed\""), "no subscribed: " + hello);
      byte[] blob = randomBlob(4321);
      HttpResponse<byte[]> stored =
          send(
              request(RELAY, "/v2/inbound")
                  .header("Content-Type", "application/octet-stream")
                  .header("X-Paramant-Hash", sha256(blob))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(blob)));
      assertEquals(200, stored.statusCode(), () -> RelayApi.text(stored));

      String message = listener.messages.poll(5, TimeUnit.SECONDS);
      assertTrue(message != null, "no blob_ready within 5 s");
      JsonObject event = Json.createReader(new StringReader(message)).readObject();
      assertEquals("blob_ready", event.getString("type"));
      assertEquals(sha256(blob), event.getString("hash"));
      assertEquals(4321, event.getInt("size"));
      send(request(RELAY, "/v2/outbound/" + sha256(blob)).GET());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void host_names_select_the_sector_and_other_names_get_no_answer() throws Exception {
    assertEquals("main", health("relay." + DOMAIN).getString("sector"));
    assertEquals("iot", health("iot." + DOMAIN).getString("sector"));

    // a sector whose relay is not running: nginx answers for it, in the API's shape
    HttpResponse<byte[]> down = send(request("legal." + DOMAIN, "/health").GET());
    RelayApi.assertError(down, 503, "relay_unavailable");

    // a name that is no sector: the connection is closed without an answer (444)
    assertThrows(
        IOException.class,
        () ->
            https.send(
                request("www." + DOMAIN, "/health").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
  }

  @Test
  void the_admin_console_answers_on_its_own_host_name_over_https() throws Exception {
    String admin = "admin." + DOMAIN;
    HttpResponse<byte[]> page = send(request(admin, "/signin.xhtml").GET());
    assertEquals(200, page.statusCode());
    String html = RelayApi.text(page);
    assertTrue(html.contains("<label for=\"signin:token\">Admin token</label>"), html);
    assertEquals(
        Optional.of("max-age=63072000; includeSubDomains"),
        page.headers().firstValue("Strict-Transport-Security"));

    // a page for the signed-in admin sends a stranger to sign in, on https
    HttpResponse<byte[]> redirect = send(request(admin, "/users.xhtml").GET());
    assertEquals(302, redirect.statusCode());
    assertEquals(
        Optional.of("https://" + admin + "/signin.xhtml"),
        redirect.headers().firstValue("Location"));

    RelayApi.assertError(send(request(admin, "/api/users").GET()), 401, "unauthorized");
    assertEquals(404, send(request(admin, "/metrics").GET()).statusCode());
  }

  /**
   * The admin plane is not on the relays' public surface: under every relay host name, the admin
   * console's paths and the relays' {@code /v2/admin/...} routes answer 404 JSON from nginx itself,
   * in every spelling an attacker might try (encoded, dot segments, doubled slashes, {@code ;}
   * parameters, other case). Sent raw, as {@code curl --path-as-is} sends them.
   */
  @Test
  void the_admin_console_and_the_relays_admin_routes_are_refused_under_relay_host_names() {
    List<String> paths =
        List.of(
            "/admin",
            "/admin/",
            "/admin/signin.xhtml",
            "/admin/users.xhtml",
            "/admin/api/users",
            "/admin/health",
            "/ADMIN/signin.xhtml",
            "/Admin?x=1",
            "/%2fadmin/signin.xhtml",
            "/%2Fadmin",
            "/%61dmin/signin.xhtml",
            "//admin/",
            "/./admin/signin.xhtml",
            "/v2/../admin/signin.xhtml",
            "/admin;x/signin.xhtml",
            "/admin;jsessionid=x/signin.xhtml",
            "/;x/admin/",
            "/admin/api/../users.xhtml",
            "/v2/admin/reload",
            "/v2/admin/users-state",
            "/V2/ADMIN/users-state",
            "/v2;x/admin/users-state",
            "/v2/admin;x/users-state",
            "/v2/%61dmin/users-state",
            "/v2%2fadmin/users-state",
            "/v2//admin/reload",
            "/v2/./admin/reload",
            "/x/../v2/admin/reload");
    String bearer = "Authorization: Bearer " + Deployment.adminToken();
    // legal's relay is down: anything nginx passed on would be its 503
    for (String host : List.of(RELAY, "legal." + DOMAIN)) {
      RawHttp edge = RawHttp.tls(httpsPort, tls, host);
      for (String path : paths) {
        for (String method : List.of("GET", "POST")) {
          byte[] body = method.equals("POST") ? new byte[0] : null;
          RawHttp.Response answer = edge.send(method, path, body, bearer);
          assertEquals(
              404, answer.status(), () -> host + " " + method + " " + path + ": " + answer);
          assertEquals("application/json", answer.header("Content-Type"), path);
          JsonObject error = Json.createReader(new StringReader(answer.body())).readObject();
          assertEquals("not_found", error.getString("error"), path);
          assertEquals(false, error.getBoolean("ok"), path);
        }
      }
    }
    // the controls: routes that merely resemble them go through, and the relay itself answers
    // the admin token on its loopback port
    assertEquals(
        503, RawHttp.tls(httpsPort, tls, "legal." + DOMAIN).get("/administrator").status());
    RawHttp.Response direct =
        RawHttp.to(Deployment.baseUri(Deployment.MAIN)).get("/v2/admin/users-state", bearer);
    assertEquals(200, direct.status(), direct::toString);
  }

  @Test
  void the_admin_host_answers_only_addresses_in_its_allow_list() {
    // PARAMANT_ADMIN_ALLOW is 127.0.0.1 here; 127.0.0.2 is another client on the same machine
    RawHttp allowed = RawHttp.tls(httpsPort, tls, "admin." + DOMAIN);
    RawHttp.Response page = allowed.get("/signin.xhtml");
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.body().contains("<label for=\"signin:token\">Admin token</label>"));

    for (String path : List.of("/signin.xhtml", "/users.xhtml", "/api/users", "/health")) {
      RawHttp.Response refused = allowed.from("127.0.0.2").get(path);
      assertEquals(403, refused.status(), () -> path + ": " + refused);
      assertEquals("application/json", refused.header("Content-Type"));
      assertEquals(
          "forbidden",
          Json.createReader(new StringReader(refused.body())).readObject().getString("error"));
    }
  }

  @Test
  void plain_http_only_redirects_and_probes_and_metrics_stay_off_the_edge() throws Exception {
    HttpResponse<byte[]> redirect =
        https.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v2/monitor"))
                .header("Host", RELAY)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(301, redirect.statusCode());
    assertEquals(
        Optional.of("https://" + RELAY + "/v2/monitor"), redirect.headers().firstValue("Location"));

    for (String path : List.of("/metrics", "/mphealth/ready")) {
      assertEquals(404, send(request(RELAY, path).GET()).statusCode(), path);
    }
  }

  @Test
  void tls_1_2_and_1_3_are_accepted_and_older_versions_are_not() throws Exception {
    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(new String[] {protocol});
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(trusting(dir.resolve("cert.pem")))
              .sslParameters(parameters)
              .build();
      HttpResponse<byte[]> response =
          client.send(
              request(RELAY, "/health").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode());
      assertEquals(protocol, response.sslSession().orElseThrow().getProtocol());
    }
    // The JDK does not offer TLS 1.1 at all any more; openssl still can.
    Path openssl = Path.of("/usr/bin/openssl");
    DebianPackages.ensure("NginxIT's TLS 1.1 check", List.of(openssl), "openssl");
    Process tls11 =
        new ProcessBuilder(
                openssl.toString(),
                "s_client",
                "-connect",
                "127.0.0.1:" + httpsPort,
                "-servername",
                RELAY,
                "-tls1_1")
            .redirectErrorStream(true)
            .start();
    tls11.getOutputStream().close();
    String out = new String(tls11.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tls11.waitFor(20, TimeUnit.SECONDS));
    assertTrue(
        out.contains("Cipher is (NONE)") || tls11.exitValue() != 0,
        "a TLS 1.1 handshake succeeded: " + out);
  }

  @Test
  void pickups_through_nginx_are_limited_per_client_and_a_clients_own_forwarded_for_is_replaced()
      throws Exception {
    SSLContext tls = trusting(dir.resolve("cert.pem"));
    InetAddress first = RawHttp.randomLoopbackAddress(); // the relay trusts only 127.0.0.1 (nginx)
    InetAddress second = RawHttp.randomLoopbackAddress();
    for (int i = 1; i <= 10; i++) { // paramant.drop.pickups-per-minute (the default)
      // every attempt claims another address, one of them twice; nginx sends the real one instead
      String claimed = i == 1 ? "127.0.0.1\n198.51.100.1" : "198.51.100." + i;
      Raw unknown = pickup(tls, first, Map.of("X-Forwarded-For", claimed));
      assertEquals(404, unknown.status(), unknown::text);
    }

    Raw limited = pickup(tls, first, Map.of("X-Forwarded-For", "198.51.100.99"));
    Raw other = pickup(tls, second, Map.of());

    assertEquals(429, limited.status(), limited::text);
    assertEquals("rate_limited", limited.json().getString("error"));
    assertEquals(404, other.status(), () -> "another client has its own limit: " + other.text());
  }

  @Test
  void a_key_in_the_check_key_url_reaches_no_nginx_log() throws Exception {
    String marker = "probe-" + System.nanoTime();
    HttpResponse<byte[]> checked = send(withoutKey(RELAY, "/v2/check-key?k=" + key));
    HttpResponse<byte[]> down = send(withoutKey("legal." + DOMAIN, "/v2/check-key?k=" + key));
    // the same kind of requests with a marker instead of a key: they are logged
    assertEquals(200, send(withoutKey(RELAY, "/health?m=" + marker)).statusCode());
    RelayApi.assertError(
        send(withoutKey("legal." + DOMAIN, "/health?m=" + marker)), 503, "relay_unavailable");

    assertEquals(200, checked.statusCode(), () -> RelayApi.text(checked));
    assertEquals(
        "{\"namespace\":\"account:"
            + Deployment.account("pro").label()
            + "\",\"plan\":\"pro\","
            + "\"valid\":true}",
        RelayApi.json(checked).toString());
    RelayApi.assertError(down, 503, "relay_unavailable");
    Path accessLog = dir.resolve("access.log");
    Path errorLog = dir.resolve("error.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // nginx writes a request's log lines when it is done with it: wait for both requests' lines
    while (!(Files.readString(accessLog).split(marker, -1).length - 1 == 2
            && Files.readString(errorLog).contains("/health?m=" + marker))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(2, Files.readString(accessLog).split(marker, -1).length - 1, "access.log");
    assertTrue(Files.readString(errorLog).contains(marker), "error.log names the failed request");
    assertFalse(Files.readString(accessLog).contains(key), "the key is in access.log");
    assertFalse(Files.readString(errorLog).contains(key), "the key is in error.log");
  }

  // ------------------------------------------------------------------------------------------------

  private static JsonObject health(String host) {
    HttpResponse<byte[]> response = send(request(host, "/health").GET());
    assertEquals(200, response.statusCode(), () -> host + ": " + RelayApi.text(response));
    return RelayApi.json(response);
  }

  private static HttpRequest.Builder request(String host, String path) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + path))
        .header("Host", host)
        .header("X-Api-Key", key)
        .timeout(Duration.ofSeconds(60));
  }

  private static HttpRequest.Builder withoutKey(String host, String path) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + path))
        .header("Host", host)
        .timeout(Duration.ofSeconds(60));
  }

  /** A pickup of an unknown drop through nginx, from the client address {@code from}. */
  private static Raw pickup(SSLContext tls, InetAddress from, Map<String, String> headers) {
    byte[] id = new byte[32];
    new java.security.SecureRandom().nextBytes(id);
    return RawHttp.exchangeTls(
        tls,
        RELAY,
        httpsPort,
        from,
        "GET",
        "/v2/drop/" + java.util.HexFormat.of().formatHex(id),
        headers);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return https.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Collects the text messages of one socket. */
  private static final class Listener implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

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
  }

  // ------------------------------------------------------------------------------------------------
  // set-up

  /** Debian's nginx, installed with apt-get (nginx-light, its service not started) when missing. */
  private static Path findNginx() {
    Optional<Path> nginx = onPath("nginx").or(() -> existing(Path.of("/usr/sbin/nginx")));
    if (nginx.isPresent()) {
      return nginx.get();
    }
    DebianPackages.ensure("NginxIT", List.of(Path.of("/usr/sbin/nginx")), "nginx-light");
    return Path.of("/usr/sbin/nginx");
  }

  private static Optional<Path> onPath(String command) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Optional<Path> found = existing(Path.of(entry, command));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> existing(Path path) {
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  /**
   * A self-signed EC certificate for the test domain and 127.0.0.1, made with the JDK's keytool,
   * written as PEM for nginx (certificate, and the private key as PKCS#8, owner-only).
   */
  private static void selfSignedCertificate(Path cert, Path privateKey) throws Exception {
    Path store = dir.resolve("tls.p12");
    String password = "changeit-" + System.nanoTime();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        Map.of(),
        dir.resolve("keytool.out"),
        keytool.toString(),
        "-genkeypair",
        "-alias",
        "nginx",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "2",
        "-dname",
        "CN=" + RELAY,
        "-ext",
        "san=dns:relay."
            + DOMAIN
            + ",dns:iot."
            + DOMAIN
            + ",dns:legal."
            + DOMAIN
            + ",dns:admin."
            + DOMAIN
            + ",ip:127.0.0.1",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, password.toCharArray());
    }
    Certificate certificate = keyStore.getCertificate("nginx");
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
    byte[] pkcs8 = keyStore.getKey("nginx", password.toCharArray()).getEncoded();
    Files.createFile(
        privateKey,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateKey, pem("PRIVATE KEY", pkcs8));
    Files.delete(store);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "nginx-it", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** Runs a command to completion; its output goes to OUT; fails with that output on an error. */
  private static void run(Map<String, String> env, Path out, String... command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(
                ProcessBuilder.Redirect.appendTo(
                    out.resolveSibling(out.getFileName() + ".err").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      Path err = out.resolveSibling(out.getFileName() + ".err");
      fail(
          String.join(" ", command)
              + " failed: "
              + Files.readString(err)
              + (Files.exists(out) ? Files.readString(out) : ""));
    }
  }

  private static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!nginx.isAlive()) {
        fail("nginx exited: " + Files.readString(dir.resolve("nginx.out")) + errorLog());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    fail("nginx does not listen on 127.0.0.1:" + port + errorLog());
  }

  private static String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? "; error.log: " + Files.readString(log) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }
}
