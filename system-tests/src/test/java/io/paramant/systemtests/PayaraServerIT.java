package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * paramant.ear on Payara Server, as {@code server-config/payara-server} runs it: the archive (each
 * class once, the shared libraries once in {@code lib/}, the web module at {@code /}), the server's
 * sockets (the relay's HTTP listener, the admin console's and the domain's admin listener, all on
 * loopback), the console only on its own listener and never on the relay's, and the domain
 * administrator's own secret. The relay's behaviour on this deployment is covered by the same ITs
 * as on Payara Micro (see the {@code payara-server} execution in this module's pom.xml).
 */
class PayaraServerIT {

  @BeforeAll
  static void onPayaraServer() {
    assumeTrue(Deployment.ON_PAYARA_SERVER, "runs against the Payara Server deployment only");
  }

  @Test
  void the_server_listens_only_on_its_http_console_and_admin_ports_and_only_on_loopback()
      throws IOException {
    String status = Deployment.payaraServer("status");
    Matcher m =
        Pattern.compile("running\\s+pid (\\d+)\\s+port (\\d+)\\s+console (\\d+)\\s+admin (\\d+)")
            .matcher(status);
    assertTrue(m.find(), status);
    long pid = Long.parseLong(m.group(1));
    int http = Integer.parseInt(m.group(2));
    int console = Integer.parseInt(m.group(3));
    int admin = Integer.parseInt(m.group(4));
    assertEquals(Deployment.baseUri(Deployment.MAIN).getPort(), http);
    assertEquals(Deployment.adminUri().getPort(), console);

    List<Socket> listening = listeningSockets(pid);

    Set<Integer> ports = new TreeSet<>();
    for (Socket socket : listening) {
      assertTrue(
          socket.loopback(), () -> "listens beyond loopback: " + socket + " in " + listening);
      ports.add(socket.port());
    }
    // JMS, IIOP, JMX, the HTTPS listener and the data grid are all disabled
    assertEquals(new TreeSet<>(List.of(http, console, admin)), ports, listening::toString);
  }

  @Test
  void the_ear_holds_each_class_once_and_the_shared_libraries_only_in_lib() throws IOException {
    Path ear = archive("paramant.ear");
    Map<String, String> classes = new HashMap<>(); // class file → the archive that holds it
    List<String> duplicates = new ArrayList<>();
    Set<String> entries = new HashSet<>();
    try (ZipFile zip = new ZipFile(ear.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        entries.add(entry.getName());
        String name = entry.getName();
        if (name.endsWith(".jar") || name.endsWith(".war")) {
          try (InputStream in = zip.getInputStream(entry)) {
            collectClasses(name, in, classes, duplicates);
          }
        }
      }
      String applicationXml =
          new String(
              zip.getInputStream(zip.getEntry("META-INF/application.xml")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(
          applicationXml.contains("<context-root>/</context-root>"),
          "the web module is not at /: " + applicationXml);
      assertTrue(
          applicationXml.contains("<context-root>/admin</context-root>"),
          "the admin console is not at /admin: " + applicationXml);
    }

    assertEquals(List.of(), duplicates, "classes in more than one place");
    for (String expected :
        List.of(
            "ct-log-ejb.jar",
            "lib/ct-log.jar",
            "relay-ejb.jar",
            "relay.war",
            "admin.war",
            "lib/licence.jar",
            "lib/bcprov-jdk18on.jar",
            "lib/jackson-core.jar",
            "lib/accounts.jar",
            "lib/web-platform.jar")) {
      assertTrue(entries.contains(expected), () -> expected + " missing in " + entries);
    }
    assertEquals("ct-log-ejb.jar", classes.get("io/paramant/ct/ejb/TransparencyLog.class"));
    assertEquals("lib/ct-log.jar", classes.get("io/paramant/ct/SectorLog.class"));
    assertEquals("relay-ejb.jar", classes.get("io/paramant/relay/blob/BlobStore.class"));
    assertEquals("relay.war", classes.get("io/paramant/relay/platform/HealthResource.class"));
    assertEquals("admin.war", classes.get("io/paramant/admin/users/UsersStore.class"));
    assertEquals("lib/accounts.jar", classes.get("io/paramant/accounts/UsersFile.class"));
    // both web modules' error record, error servlet and headers filter: once, in lib/
    assertEquals("lib/web-platform.jar", classes.get("io/paramant/web/platform/ApiError.class"));
    assertEquals("lib/licence.jar", classes.get("io/paramant/licence/Edition.class"));
    assertEquals(
        "lib/bcprov-jdk18on.jar",
        classes.get("org/bouncycastle/jce/provider/BouncyCastleProvider.class"));
  }

  @Test
  void the_admin_console_answers_on_its_own_loopback_listener_with_its_sign_in_page() {
    URI console = Deployment.adminUri(); // http://127.0.0.1:<console port>/admin/
    HttpResponse<String> page = get(console.resolve("signin.xhtml"), null);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(
        page.body().contains("<label for=\"signin:token\">Admin token</label>"), page.body());
    assertTrue(
        page.body().contains("action=\"/admin/signin.xhtml\""), "the form posts to the console");

    HttpResponse<String> users = get(console.resolve("api/users"), Deployment.adminToken());
    assertEquals(200, users.statusCode(), users.body());
    assertTrue(users.body().contains("\"label\":\"st-pro\""), users.body());
  }

  @Test
  void the_relays_port_does_not_serve_the_admin_console_in_any_spelling() {
    RawHttp relay = RawHttp.to(Deployment.baseUri(Deployment.MAIN));
    // what the relay answers for a route it does not have: the console's paths must look the same
    RawHttp.Response none = relay.get("/no-such-route");
    assertEquals(404, none.status(), none::toString);

    for (String path :
        List.of(
            "/admin/",
            "/admin/signin.xhtml",
            "/admin/index.xhtml",
            "/admin/users.xhtml",
            "/admin/health",
            "/admin/api/users",
            "/admin/api/sync",
            "/admin/jakarta.faces.resource/css/admin.css",
            "/admin//signin.xhtml",
            "/admin/%2e/signin.xhtml",
            "/admin/./signin.xhtml",
            "/x/../admin/signin.xhtml",
            "/%61dmin/signin.xhtml",
            "/admin/api/../users.xhtml",
            "/admin/api/%2e%2e/users.xhtml",
            "/ADMIN/signin.xhtml",
            "/;x/admin/signin.xhtml")) {
      RawHttp.Response answer = relay.get(path, "Authorization: Bearer " + Deployment.adminToken());
      assertEquals(404, answer.status(), () -> path + ": " + answer);
      assertEquals(none.body(), answer.body(), path);
      assertEquals(
          none.header("Content-Type"), answer.header("Content-Type"), path + ": Content-Type");
    }
    // Payara's own redirect of a context root without its slash (before any module code runs)
    // leads there too
    RawHttp.Response bare = relay.get("/admin");
    assertEquals(301, bare.status(), bare::toString);
    assertEquals(
        Deployment.baseUri(Deployment.MAIN).resolve("/admin/").toString(), bare.header("Location"));

    // and no user was added through the relay's port
    RawHttp.Response post =
        relay.send(
            "POST",
            "/admin/api/users",
            "{\"label\":\"via-relay-port\",\"plan\":\"enterprise\",\"email\":\"x@example.test\"}"
                .getBytes(StandardCharsets.UTF_8),
            "Authorization: Bearer " + Deployment.adminToken(),
            "Content-Type: application/json");
    assertEquals(404, post.status(), post::toString);
    assertFalse(
        get(Deployment.adminUri().resolve("api/users"), Deployment.adminToken())
            .body()
            .contains("via-relay-port"));
  }

  /**
   * Console access control on the EAR: on the console's own listener, the paths that try to step
   * past the sign-in check ({@code ..}, {@code %2e}, {@code ;} parameters, {@code //} …, the list
   * of ConsoleAccessIT) reach no page and run no action, as on Payara Micro.
   */
  @Test
  void path_tricks_on_the_console_listener_reach_no_page_without_sign_in() {
    ConsoleAccessIT.assertNoPageForAStranger(Deployment.adminUri());

    String users = get(Deployment.adminUri().resolve("api/users"), Deployment.adminToken()).body();
    assertFalse(users.contains("traversal-"), "a user was added: " + users);
  }

  @Test
  void the_domain_administrator_has_a_secret_of_its_own_not_the_admin_token() throws Exception {
    // the deployment started (asadmin deploy included) with a token longer than asadmin can carry
    assertEquals(64, Deployment.adminToken().length());

    Path secretFile =
        Path.of(System.getProperty("paramant.serverDir"), "domains", "paramant-main")
            .resolve("asadmin.secret");
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(secretFile),
        "the secret is owner-only");
    String line = Files.readString(secretFile).strip();
    assertTrue(line.matches("AS_ADMIN_PASSWORD=[0-9a-f]{48}"), "an asadmin password file");
    String secret = line.substring(line.indexOf('=') + 1);

    Matcher m =
        Pattern.compile("admin (\\d+)\\s+health").matcher(Deployment.payaraServer("status"));
    assertTrue(m.find());
    URI version = URI.create("http://127.0.0.1:" + m.group(1) + "/management/domain/version");
    assertEquals(401, basic(version, Deployment.adminToken()).statusCode(), "ADMIN_TOKEN");
    HttpResponse<String> ok = basic(version, secret);
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("Payara Server"), ok.body());
  }

  @Test
  void the_war_for_payara_micro_stays_self_contained() throws IOException {
    Path war = archive("relay.war");
    List<String> libs = new ArrayList<>();
    try (ZipFile zip = new ZipFile(war.toFile())) {
      zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
          .forEach(libs::add);
    }
    for (String prefix :
        List.of(
            "WEB-INF/lib/relay-ejb",
            "WEB-INF/lib/ct-log-ejb-",
            "WEB-INF/lib/bcprov-jdk18on",
            "WEB-INF/lib/licence",
            "WEB-INF/lib/accounts",
            "WEB-INF/lib/web-platform")) {
      assertTrue(libs.stream().anyMatch(l -> l.startsWith(prefix)), () -> prefix + " in " + libs);
    }
    // the plain log library beside its EJB face (ct-log-<version>.jar, not
    // ct-log-ejb-<version>.jar)
    assertTrue(
        libs.stream().anyMatch(l -> l.matches("WEB-INF/lib/ct-log-\\d.*\\.jar")), libs::toString);
  }

  // ------------------------------------------------------------------------------------------------

  private static HttpResponse<String> get(URI uri, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.GET().build());
  }

  private static HttpResponse<String> basic(URI uri, String password) {
    String credentials = "admin:" + password;
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return Deployment.http().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The class files of one module; a class file already seen elsewhere is a duplicate.
   * Multi-release variants ({@code META-INF/versions/...}) and {@code module-info} are one
   * library's own business.
   */
  private static void collectClasses(
      String archive, InputStream in, Map<String, String> classes, List<String> duplicates)
      throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
      String name = entry.getName();
      if (name.endsWith(".jar")) { // a library inside a WAR's WEB-INF/lib
        collectClasses(archive + "!" + name, zip, classes, duplicates);
        continue;
      }
      if (!name.endsWith(".class")
          || name.startsWith("META-INF/versions/")
          || name.endsWith("module-info.class")) {
        continue;
      }
      String className = name.startsWith("WEB-INF/classes/") ? name.substring(16) : name;
      String earlier = classes.putIfAbsent(className, archive);
      if (earlier != null) {
        duplicates.add(className + " in " + earlier + " and " + archive);
      }
    }
  }

  private static Path archive(String name) {
    String property = name.endsWith(".ear") ? "paramant.ear" : "paramant.war";
    String value = System.getProperty(property, "");
    assertTrue(
        !value.isBlank() && !value.contains("${"),
        property + " is not set (the payara-server execution in system-tests/pom.xml sets it)");
    Path path = Path.of(value);
    assertTrue(Files.isRegularFile(path), path + " does not exist");
    return path;
  }

  /** A listening TCP socket or a bound UDP socket of the server process. */
  private record Socket(String protocol, String address, int port) {
    boolean loopback() {
      return address.startsWith("127.") || address.equals("::1");
    }

    @Override
    public String toString() {
      return protocol + " " + address + ":" + port;
    }
  }

  /**
   * The listening sockets of a process, read from /proc like {@code ss -ltunp} does: the socket
   * inodes among its file descriptors, matched with /proc/net/{tcp,tcp6,udp,udp6}.
   */
  private static List<Socket> listeningSockets(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // a descriptor closed while we looked
        }
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc/net", table));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String state = f[3];
        boolean listening = table.startsWith("tcp") ? state.equals("0A") : state.equals("07");
        if (listening && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          sockets.add(new Socket(table, address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    assertFalse(sockets.isEmpty(), "no listening sockets found for pid " + pid);
    return sockets;
  }

  /** An address from /proc/net (hex, each 32-bit word in host byte order, little-endian here). */
  private static String address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + i) * 2;
        bytes[word * 4 + 3 - i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    if (bytes.length == 16) {
      boolean v4Mapped = true;
      for (int i = 0; i < 10; i++) {
        v4Mapped &= bytes[i] == 0;
      }
      v4Mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
      if (v4Mapped) {
        bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
      }
    }
    try {
      return java.net.InetAddress.getByAddress(bytes)
          .getHostAddress()
          .replace("0:0:0:0:0:0:0:1", "::1");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(hex, e);
    }
  }
}
