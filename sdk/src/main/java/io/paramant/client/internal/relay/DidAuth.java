package io.paramant.client.internal.relay;

import io.paramant.client.DeviceKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Signs requests as a device's DID (docs/did.md, "DID-authenticated requests"): the headers {@code
 * X-DID}, {@code X-DID-Timestamp}, {@code X-DID-Nonce}, {@code X-DID-Body-SHA256} (with a body) and
 * {@code X-DID-Signature}, the ML-DSA-65 signature (FIPS 204, pure, empty context) of the device's
 * key over the lines of {@link #message}. Every call makes a new nonce and timestamp, so a request
 * retried is signed anew. Thread-safe.
 *
 * <p>The signed lines bind the sector's log key id, learned once per instance from its supplier
 * (the relay's pinned log key), so that a request for one sector cannot be replayed to another.
 */
public final class DidAuth {

  public static final String X_DID = "X-DID";
  public static final String X_DID_TIMESTAMP = "X-DID-Timestamp";
  public static final String X_DID_NONCE = "X-DID-Nonce";
  public static final String X_DID_BODY_SHA256 = "X-DID-Body-SHA256";
  public static final String X_DID_SIGNATURE = "X-DID-Signature";

  /** The first signed line. */
  public static final String VERSION_LINE = "paramant/did-auth/v1";

  /** Lowercase hex SHA-256 of nothing: the body line of a request without a body. */
  public static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final int NONCE_BYTES = 16;
  private static final String PARAMANT_PREFIX = "x-paramant-";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Supplier<DeviceKeys> keys;
  private final Supplier<String> logKeyId;
  private final LongSupplier clock;
  private final SecureRandom random;
  private volatile String keyId;

  /**
   * @param keys the device's keys, asked for at every signature (a pipe may reload them)
   * @param logKeyId the sector's log key id in lowercase hex, asked for once, at the first
   *     signature
   * @param clock milliseconds since the epoch
   * @param random for the nonces and the hedged signatures
   */
  public DidAuth(
      Supplier<DeviceKeys> keys,
      Supplier<String> logKeyId,
      LongSupplier clock,
      SecureRandom random) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.logKeyId = Objects.requireNonNull(logKeyId, "logKeyId");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The DID the requests are signed as: that of the device's keys. */
  public String did() {
    return keys.get().did();
  }

  /**
   * The headers that authenticate one request, in the order of the table of docs/did.md.
   *
   * @param method the HTTP method
   * @param uri the request's URI: its raw path and query are the signed target, as the HTTP client
   *     sends them
   * @param bodySha256 lowercase hex SHA-256 of the body, or null for a request without a body
   * @param contentType the {@code Content-Type} sent, or null for none
   * @param paramantHeaders the request's {@code X-Paramant-*} headers, as sent (any case)
   * @throws IllegalArgumentException if a header is not an {@code X-Paramant-*} header or is given
   *     twice, or a hash is not lowercase hex
   */
  public Map<String, String> headers(
      String method,
      URI uri,
      String bodySha256,
      String contentType,
      Map<String, String> paramantHeaders) {
    DeviceKeys device = keys.get();
    String timestamp = Long.toString(clock.getAsLong());
    byte[] nonceBytes = new byte[NONCE_BYTES];
    random.nextBytes(nonceBytes);
    String nonce = BASE64URL.encodeToString(nonceBytes);
    String message =
        message(
            method,
            target(uri),
            timestamp,
            nonce,
            bodySha256,
            keyId(),
            contentType,
            paramantHeaders);
    byte[] signature = device.privateKeys().sign(message.getBytes(StandardCharsets.UTF_8), random);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(X_DID, device.did());
    headers.put(X_DID_TIMESTAMP, timestamp);
    headers.put(X_DID_NONCE, nonce);
    if (bodySha256 != null) {
      headers.put(X_DID_BODY_SHA256, bodySha256);
    }
    headers.put(X_DID_SIGNATURE, BASE64URL.encodeToString(signature));
    return headers;
  }

  /**
   * The raw request target of {@code uri} as Java's HTTP client sends it: the raw path, and {@code
   * "?"} and the raw query when there is a query.
   */
  public static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }

  /**
   * The signed message: the lines of docs/did.md joined by {@code "\n"}, no trailing newline.
   *
   * @param bodySha256 lowercase hex, or null for no body (the line is then the SHA-256 of nothing)
   * @param contentType as sent, or null for none (an empty line)
   * @param paramantHeaders {@code X-Paramant-*} headers: one line each, name in lower case, value
   *     without surrounding white space, sorted by name
   * @throws IllegalArgumentException for a method that is not upper-case letters, a target that
   *     does not start with {@code /}, a hash or key id that is not 64 lowercase hex digits, a
   *     header that is not {@code X-Paramant-*} or given twice, or a line break in a field
   */
  public static String message(
      String method,
      String target,
      String timestamp,
      String nonce,
      String bodySha256,
      String logKeyId,
      String contentType,
      Map<String, String> paramantHeaders) {
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("an HTTP method in upper case");
    }
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("a request target starts with /");
    }
    if (bodySha256 != null && !SHA256_HEX.matcher(bodySha256).matches()) {
      throw new IllegalArgumentException("a body SHA-256 is 64 lowercase hex digits");
    }
    if (!KEY_ID.matcher(logKeyId).matches()) {
      throw new IllegalArgumentException("a log key id is 64 lowercase hex digits");
    }
    List<String> lines = new ArrayList<>();
    lines.add(VERSION_LINE);
    lines.add(method);
    lines.add(target);
    lines.add(timestamp);
    lines.add(nonce);
    lines.add(bodySha256 != null ? bodySha256 : EMPTY_BODY_SHA256);
    lines.add(logKeyId);
    lines.add(contentType != null ? contentType : "");
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> header : paramantHeaders.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith(PARAMANT_PREFIX)) {
        throw new IllegalArgumentException("not an X-Paramant-* header: " + header.getKey());
      }
      if (sorted.put(name, header.getValue().strip()) != null) {
        throw new IllegalArgumentException("header " + header.getKey() + " given twice");
      }
    }
    sorted.forEach((name, value) -> lines.add(name + ":" + value));
    for (String line : lines) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a signed line holds a line break");
      }
    }
    return String.join("\n", lines);
  }

  private String keyId() {
    String known = keyId;
    if (known == null) {
      known = Objects.requireNonNull(logKeyId.get(), "log key id");
      if (!KEY_ID.matcher(known).matches()) {
        throw new IllegalStateException("the log key id is not 64 lowercase hex digits");
      }
      keyId = known;
    }
    return known;
  }
}
