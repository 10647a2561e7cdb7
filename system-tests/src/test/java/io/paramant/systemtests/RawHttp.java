package io.paramant.systemtests;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request written byte for byte on its own connection, as an attacker's tool sends it
 * ({@code curl --path-as-is}): the request target exactly as given — no resolving of {@code ..}, no
 * decoding of {@code %2e}, no merging of {@code //}, {@code ;} parameters kept — optionally from
 * another loopback source address than 127.0.0.1 (127.0.0.0/8 all reaches a server on 127.0.0.1),
 * so that a test's failures count for an address no other test uses, and optionally over TLS.
 */
final class RawHttp {

  /** An answer: status, headers (names in lower case, the last of each), body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
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

  /** TLS to 127.0.0.1:{@code port}, naming {@code host} in SNI and the Host header. */
  static RawHttp tls(int port, SSLContext context, String host) {
    return new RawHttp(InetAddress.getLoopbackAddress(), port, context, host);
  }

  /** The same, with the connection coming from another loopback address, e.g. 127.0.0.2. */
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

  Response get(String target, String... headerLines) {
    return send("GET", target, null, headerLines);
  }

  /**
   * Sends {@code METHOD target HTTP/1.1} with Host, {@code Connection: close}, the given header
   * lines ({@code "Name: value"}) and the body, and reads the whole answer.
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
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    byte[] body;
    if (noBody || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked(in);
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readNBytes(MAX_BODY);
    }
    return new Response(status, headers, body);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
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
        throw new IOException("connection closed in the middle of a line");
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
}
