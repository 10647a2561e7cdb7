package io.paramant.admin.platform;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's access rule, by path.
 *
 * <p>Access is decided on the path the container dispatches on (servlet path plus path info,
 * decoded and normalised), never on the raw request URI: {@link #of} is deny-by-default — the
 * sign-in page, the Faces resources (the style sheet) and {@code /health} are public, {@code /api}
 * is the admin API's (its bearer filter decides), everything else needs the signed-in admin.
 *
 * <p>Because a container and a filter can disagree on what a path means ({@code
 * /api/../users.xhtml} once reached the Users page this way), a request whose raw path is not
 * already canonical is refused before anything else looks at it ({@link #refusal}): the console
 * never makes such URLs, so nothing legitimate is lost.
 */
public final class ConsolePaths {

  /** What a path needs. */
  public enum Access {
    /** Anyone. */
    PUBLIC,
    /** The admin API: the bearer token (and TOTP code), checked by its own filter. */
    API,
    /** The signed-in admin. */
    ADMIN
  }

  /** A canonical decoded path: segments of safe characters, no empty segment. */
  private static final Pattern CANONICAL = Pattern.compile("(/[A-Za-z0-9._~@+:-]+)*/?");

  private ConsolePaths() {}

  /** The access that the container's path ({@code servletPath + pathInfo}) needs. */
  public static Access of(String servletPath, String pathInfo) {
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    if (path.equals("/signin.xhtml")
        || path.equals("/health")
        || path.startsWith("/jakarta.faces.resource/")) {
      return Access.PUBLIC;
    }
    if (path.equals("/api") || path.startsWith("/api/")) {
      return Access.API;
    }
    return Access.ADMIN;
  }

  /**
   * Why the raw request path {@code rawUri} (as sent, without the query) is refused, or empty when
   * it is canonical: percent-decoding it yields only letters, digits and {@code . _ ~ @ + : -}
   * between single slashes, with no {@code .} or {@code ..} segment; and it encodes no {@code /},
   * {@code \}, {@code ;} or {@code %} (no hidden separator, no double encoding).
   */
  public static Optional<String> refusal(String rawUri) {
    if (rawUri == null || rawUri.isEmpty() || rawUri.charAt(0) != '/') {
      return Optional.of("the path must start with '/'");
    }
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(rawUri.length());
    for (int i = 0; i < rawUri.length(); i++) {
      char c = rawUri.charAt(i);
      if (c == ';') {
        return Optional.of("path parameters (';') are not accepted");
      }
      if (c != '%') {
        if (c > 0x7e) {
          return Optional.of("the path has a character outside printable ASCII");
        }
        decoded.write(c);
        continue;
      }
      int value = i + 2 < rawUri.length() ? hex(rawUri.charAt(i + 1), rawUri.charAt(i + 2)) : -1;
      if (value < 0) {
        return Optional.of("the path has a malformed percent-encoding");
      }
      if (value == '/' || value == '\\' || value == ';' || value == '%') {
        return Optional.of("the path encodes '/', '\\', ';' or '%'");
      }
      decoded.write(value);
      i += 2;
    }
    String path = decoded.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!CANONICAL.matcher(path).matches()) {
      return Optional.of("the path has an empty segment or a character it may not have");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("the path has a '.' or '..' segment");
      }
    }
    return Optional.empty();
  }

  private static int hex(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }
}
