package io.paramant.relay.did.boundary;

import io.paramant.relay.did.DidAuthenticationException;
import io.paramant.relay.did.DidRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads the parts of a request that a DID signature covers, as the request carried them. */
public final class DidHeaders {

  public static final String DID = "X-DID";
  public static final String TIMESTAMP = "X-DID-Timestamp";
  public static final String NONCE = "X-DID-Nonce";
  public static final String BODY_SHA256 = "X-DID-Body-SHA256";
  public static final String SIGNATURE = "X-DID-Signature";

  private static final String PARAMANT_PREFIX = "x-paramant-";
  private static final List<String> OWN = List.of(DID, TIMESTAMP, NONCE, BODY_SHA256, SIGNATURE);

  private DidHeaders() {}

  /** Whether the request carries any DID credential header. */
  public static boolean present(ContainerRequestContext request) {
    return request.getHeaderString(DID) != null || request.getHeaderString(SIGNATURE) != null;
  }

  /**
   * @param raw the servlet request, for the target exactly as sent (undecoded)
   * @throws io.paramant.relay.did.DidAuthenticationException {@code did_auth_malformed} for a
   *     header sent twice or a value with a line break
   */
  public static DidRequest read(ContainerRequestContext request, HttpServletRequest raw) {
    return read(request.getHeaders(), request.getMethod(), raw, hasBody(request));
  }

  /**
   * @param headers the request's headers (names case-insensitive)
   * @param hasBody whether the request has a body
   */
  public static DidRequest read(
      MultivaluedMap<String, String> headers,
      String method,
      HttpServletRequest raw,
      boolean hasBody) {
    for (String name : OWN) {
      single(headers, name);
    }
    SortedMap<String, String> paramant = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(PARAMANT_PREFIX)) {
        if (header.getValue().size() != 1 || paramant.containsKey(name)) {
          throw DidAuthenticationException.malformedHeader(
              "The " + header.getKey() + " header is sent twice.");
        }
        paramant.put(name, clean(header.getKey(), header.getValue().get(0)).strip());
      }
    }
    String query = raw.getQueryString();
    String target = query == null ? raw.getRequestURI() : raw.getRequestURI() + "?" + query;
    return new DidRequest(
        single(headers, DID),
        single(headers, TIMESTAMP),
        single(headers, NONCE),
        single(headers, BODY_SHA256),
        single(headers, SIGNATURE),
        method,
        target,
        single(headers, HttpHeaders.CONTENT_TYPE),
        paramant,
        hasBody);
  }

  /** A positive Content-Length, or a body of unknown length (chunked). */
  static boolean hasBody(ContainerRequestContext request) {
    long length = declaredLength(request);
    return length > 0 || length < 0 && request.getHeaderString("Transfer-Encoding") != null;
  }

  /**
   * The declared Content-Length, or -1 when there is none. Read as a long: Jersey's {@code
   * getLength()} throws for a length above 2^31 - 1, which the container lets through.
   */
  static long declaredLength(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      throw DidAuthenticationException.malformedHeader("Content-Length is not a whole number.");
    }
  }

  private static String single(MultivaluedMap<String, String> headers, String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw DidAuthenticationException.malformedHeader("The " + name + " header is sent twice.");
    }
    return clean(name, values.get(0));
  }

  private static String clean(String name, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw DidAuthenticationException.malformedHeader(
          "The " + name + " header holds a line break.");
    }
    return value;
  }
}
