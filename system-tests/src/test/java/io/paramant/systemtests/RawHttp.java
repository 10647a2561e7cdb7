package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 exchanges with the request target sent byte for byte (what {@code curl --path-as-is}
 * does, and what an attacker does: Java's {@code HttpClient} and browsers normalise {@code ..} and
 * {@code %2e} first), over sockets bound to a source address the test chooses, which Java's {@code
 * HttpClient} cannot do either. Linux routes all of 127.0.0.0/8 to loopback, so a test can be a
 * client of its own address ({@link #randomLoopbackAddress()}): the relay keys the drop pickup
 * limit on the client address, and only 127.0.0.1 (nginx, in {@link NginxIT}) is a trusted proxy.
 */
final class RawHttp {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RawHttp() {}

  /** 127.x.y.z, never 127.0.0.1: a client address no other test uses. */
  static InetAddress randomLoopbackAddress() {
    byte[] address = {127, 0, 0, 0};
    for (int i = 1; i < 4; i++) {
      address[i] = (byte) (2 + RANDOM.nextInt(252));
    }
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * One exchange without TLS with the server at {@code base}, from {@code from}, with these extra
   * request headers (a header given twice: its values separated by a line break).
   */
  static Raw exchange(
      URI base, InetAddress from, String method, String path, Map<String, String> headers) {
    return exchange(base, from, method, path, headers, null);
  }

  /** {@code GET path} from 127.0.0.1, the path sent as it is. */
  static Raw get(URI base, String path) {
    return exchange(base, InetAddress.getLoopbackAddress(), "GET", path, Map.of(), null);
  }

  /**
   * As {@link #exchange(URI, InetAddress, String, String, Map)}, with a form body ({@code
   * application/x-www-form-urlencoded}) when {@code form} is not null.
   */
  static Raw exchange(
      URI base,
      InetAddress from,
      String method,
      String path,
      Map<String, String> headers,
      String form) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
    if (form != null) {
      all.put("Content-Type", "application/x-www-form-urlencoded");
      all.put("Content-Length", Integer.toString(body.length));
    }
    try (Socket socket =
        new Socket(InetAddress.getByName(base.getHost()), base.getPort(), from, 0)) {
      return exchange(socket, base.getHost() + ":" + base.getPort(), method, path, all, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One exchange over TLS with {@code host} (SNI and Host header) at 127.0.0.1:{@code port}, from
   * {@code from}.
   */
  static Raw exchangeTls(
      SSLContext tls,
      String host,
      int port,
      InetAddress from,
      String method,
      String path,
      Map<String, String> headers) {
    try (SSLSocket socket =
        (SSLSocket)
            tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port, from, 0)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(host)));
      socket.setSSLParameters(parameters);
      return exchange(socket, host, method, path, headers, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Raw exchange(
      Socket socket,
      String host,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body)
      throws IOException {
    socket.setSoTimeout(30_000);
    StringBuilder request =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    headers.forEach(
        (name, values) -> values.lines().forEach(v -> request.append(name + ": " + v + "\r\n")));
    request.append("Connection: close\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return Raw.parse(socket.getInputStream().readAllBytes(), method.equals("HEAD"));
  }

  /** A raw HTTP/1.1 response (status, lower-cased headers, de-chunked body). */
  record Raw(int status, Map<String, String> headers, byte[] body) {

    static Raw parse(byte[] response, boolean head) throws IOException {
      int end = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (end < 0) {
        throw new IOException("no complete response head: " + response.length + " bytes");
      }
      String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      byte[] body =
          head ? new byte[0] : java.util.Arrays.copyOfRange(response, end + 4, response.length);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new Raw(status, headers, body);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonObject json() {
      assertTrue(header("content-type").startsWith("application/json"), this::text);
      return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    /** The body as UTF-8 text. */
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String text() {
      return status + " " + headers + " " + bodyText();
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
      InputStream in = new ByteArrayInputStream(chunked);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        StringBuilder size = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
          if (c < 0) {
            throw new IOException("truncated chunked body");
          }
          size.append((char) c);
        }
        int length = Integer.parseInt(size.toString().strip().split(";")[0], 16);
        if (length == 0) {
          return out.toByteArray();
        }
        out.write(in.readNBytes(length));
        in.skip(2); // CRLF after the chunk
      }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
