package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * class once, the shared libraries once in {@code lib/}, the web module at {@code /}) and the
 * server's sockets (only the HTTP and the admin listener, both on loopback). The relay's behaviour
 * on this deployment is covered by the same ITs as on Payara Micro (see the {@code payara-server}
 * execution in this module's pom.xml).
 */
class PayaraServerIT {

  @BeforeAll
  static void onPayaraServer() {
    assumeTrue(Deployment.ON_PAYARA_SERVER, "runs against the Payara Server deployment only");
  }

  @Test
  void the_server_listens_only_on_its_http_and_admin_ports_and_only_on_loopback()
      throws IOException {
    String status = Deployment.payaraServer("status");
    Matcher m =
        Pattern.compile("running\\s+pid (\\d+)\\s+port (\\d+)\\s+admin (\\d+)").matcher(status);
    assertTrue(m.find(), status);
    long pid = Long.parseLong(m.group(1));
    int http = Integer.parseInt(m.group(2));
    int admin = Integer.parseInt(m.group(3));
    assertEquals(Deployment.baseUri(Deployment.MAIN).getPort(), http);

    List<Socket> listening = listeningSockets(pid);

    Set<Integer> ports = new TreeSet<>();
    for (Socket socket : listening) {
      assertTrue(
          socket.loopback(), () -> "listens beyond loopback: " + socket + " in " + listening);
      ports.add(socket.port());
    }
    // JMS, IIOP, JMX, the HTTPS listener and the data grid are all disabled
    assertEquals(new TreeSet<>(List.of(http, admin)), ports, listening::toString);
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
            "relay-ejb.jar",
            "relay.war",
            "admin.war",
            "lib/licence.jar",
            "lib/bcprov-jdk18on.jar",
            "lib/jackson-core.jar",
            "lib/licence.jar",
            "lib/accounts.jar")) {
      assertTrue(entries.contains(expected), () -> expected + " missing in " + entries);
    }
    assertTrue(classes.containsKey("io/paramant/ct/TransparencyLog.class"));
    assertEquals("relay-ejb.jar", classes.get("io/paramant/relay/blob/BlobStore.class"));
    assertEquals("relay.war", classes.get("io/paramant/relay/platform/HealthResource.class"));
    assertEquals("admin.war", classes.get("io/paramant/admin/users/UsersStore.class"));
    assertEquals("lib/accounts.jar", classes.get("io/paramant/accounts/UsersFile.class"));
    assertEquals("lib/licence.jar", classes.get("io/paramant/licence/Edition.class"));
    assertEquals(
        "lib/bcprov-jdk18on.jar",
        classes.get("org/bouncycastle/jce/provider/BouncyCastleProvider.class"));
    assertEquals("lib/licence.jar", classes.get("io/paramant/licence/Edition.class"));
  }

  @Test
  void the_admin_console_in_the_ear_renders_its_sign_in_page() throws Exception {
    java.net.URI admin = Deployment.baseUri(Deployment.MAIN).resolve("admin/");
    java.net.http.HttpResponse<String> page =
        Deployment.http()
            .send(
                java.net.http.HttpRequest.newBuilder(admin.resolve("signin.xhtml")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(
        page.body().contains("<label for=\"signin:token\">Admin token</label>"), page.body());
    assertTrue(
        page.body().contains("action=\"/admin/signin.xhtml\""), "the form posts to the console");

    java.net.http.HttpResponse<String> users =
        Deployment.http()
            .send(
                java.net.http.HttpRequest.newBuilder(admin.resolve("api/users"))
                    .header("Authorization", "Bearer " + Deployment.adminToken())
                    .GET()
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, users.statusCode(), users.body());
    assertTrue(users.body().contains("\"label\":\"st-pro\""), users.body());
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
            "WEB-INF/lib/ct-log-ejb",
            "WEB-INF/lib/bcprov-jdk18on",
            "WEB-INF/lib/licence")) {
      assertTrue(libs.stream().anyMatch(l -> l.startsWith(prefix)), () -> prefix + " in " + libs);
    }
  }

  // ------------------------------------------------------------------------------------------------

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
