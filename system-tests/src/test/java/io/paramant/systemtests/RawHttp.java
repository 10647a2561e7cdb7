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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a plain socket, with the request target sent exactly as given: what {@code curl
 * --path-as-is} does, and what an attacker does. (Java's HttpClient and browsers normalise {@code
 * ..} and {@code %2e} before sending, so they cannot play this part.) One connection per request
 * ({@code Connection: close}); optionally over TLS (a client of nginx), and optionally from another
 * loopback source address than 127.0.0.1 ({@link #from}: all of 127.0.0.0/8 reaches a server on
 * 127.0.0.1), so that a test's failures count for an address no other test uses. The static {@link
 * #exchange} and {@link #exchangeTls} do the same with a chosen source address and keep the body as
 * bytes ({@link Raw}), for drops and the pickup limit.
 */
final class RawHttp {

  /** A response: status, headers (names in lower case, last value wins) and body. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers + "\n" + (body.length() > 600 ? body.substring(0, 600) : body);
    }
  }

  private static final int MAX_BODY = 1 << 20;

  private final InetAddress from;
  private final int port;
  private final SSLContext tls;
  private final String host;

  private RawHttp(InetAddress from, int port, SSLContext tls, String host) {
    this.from = from;
    this.port = port;
    this.tls = tls;
    this.host = host;
  }

  /** Plain HTTP to the server of {@code base} (its port on 127.0.0.1), from 127.0.0.1. */
  static RawHttp to(URI base) {
    return new RawHttp(
        InetAddress.getLoopbackAddress(), base.getPort(), null, "127.0.0.1:" + base.getPort());
  }

  /** TLS to 127.0.0.1:{@code port}, naming {@code host} in SNI and in the Host header. */
  static RawHttp tls(int port, SSLContext context, String host) {
    return new RawHttp(InetAddress.getLoopbackAddress(), port, context, host);
  }

  /** The same server, with the connection coming from another loopback address, e.g. 127.0.0.2. */
  RawHttp from(String loopbackAddress) {
    try {
      InetAddress address = InetAddress.getByName(loopbackAddress);
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException(loopbackAddress + " is not a loopback address");
      }
      return new RawHttp(address, port, tls, host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(loopbackAddress, e);
    }
  }

  /** {@code GET target} to the server of {@code base}. */
  static Response get(URI base, String target) {
    return send(base, "GET", target, null, null);
  }

  /**
   * {@code method target} with an optional form body, to the port of {@code base}; the target goes
   * on the request line byte for byte.
   */
  static Response send(URI base, String method, String target, String formBody, String cookie) {
    List<String> headers = new ArrayList<>();
    if (cookie != null) {
      headers.add("Cookie: " + cookie);
    }
    if (formBody != null) {
      headers.add("Content-Type: application/x-www-form-urlencoded");
    }
    return to(base)
        .send(
            method,
            target,
            formBody == null ? null : formBody.getBytes(StandardCharsets.UTF_8),
            headers.toArray(String[]::new));
  }

  /** {@code GET target} with the given header lines ({@code "Name: value"}). */
  Response get(String target, String... headerLines) {
    return send("GET", target, null, headerLines);
  }

  /**
   * {@code METHOD target HTTP/1.1} with Host, {@code Connection: close}, the given header lines
   * ({@code "Name: value"}) and the body (with its Content-Length; none when {@code null}).
   */
  Response send(String method, String target, byte[] body, String... headerLines) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    head.append("Connection: close\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target, e);
    }
  }

  private Socket connect() throws IOException {
    Socket plain = new Socket();
    plain.setSoTimeout(30_000);
    plain.bind(new InetSocketAddress(from, 0));
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    if (tls == null) {
      return plain;
    }
    String sniHost = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, sniHost, port, true);
    socket.startHandshake();
    return socket;
  }

  private static Response read(InputStream in, boolean noBody) throws IOException {
    String statusLine = line(in);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if (noBody || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(in);
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readNBytes(MAX_BODY); // to the end of the connection
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in).split(";")[0].strip();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
      if (body.size() > MAX_BODY) {
        throw new IOException("answer larger than " + MAX_BODY + " bytes");
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
      if (line.size() > 16_384) {
        throw new IOException("header line too long");
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

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
    try (Socket socket =
        new Socket(InetAddress.getByName(base.getHost()), base.getPort(), from, 0)) {
      return exchange(socket, base.getHost() + ":" + base.getPort(), method, path, headers);
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
      return exchange(socket, host, method, path, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Raw exchange(
      Socket socket, String host, String method, String path, Map<String, String> headers)
      throws IOException {
    socket.setSoTimeout(30_000);
    StringBuilder request =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    headers.forEach(
        (name, values) -> values.lines().forEach(v -> request.append(name + ": " + v + "\r\n")));
    request.append("Connection: close\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
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
      return headers.get(name);
    }

    JsonObject json() {
      assertTrue(header("content-type").startsWith("application/json"), this::text);
      return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    String text() {
      return status + " " + new String(body, StandardCharsets.UTF_8);
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
