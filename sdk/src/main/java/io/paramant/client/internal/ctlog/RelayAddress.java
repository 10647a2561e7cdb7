package io.paramant.client.internal.ctlog;

import java.net.URI;
import java.util.Locale;

/**
 * The base URL of one sector relay, in the one form under which the client keeps its state: an
 * absolute {@code http} or {@code https} URL with a host, no user info, query or fragment, scheme
 * and host in lowercase, and a path that ends with {@code /} (so that {@code v2/ct/sth} resolves
 * below it). Plain {@code http} is allowed: the log's tree heads are signed, so their integrity
 * does not depend on the transport.
 */
public record RelayAddress(URI uri) {

  public RelayAddress {
    if (!uri.equals(normalize(uri))) {
      throw new IllegalArgumentException("not a normalized relay address: " + uri);
    }
  }

  /**
   * @throws IllegalArgumentException if {@code uri} cannot be a relay's base URL
   */
  public static RelayAddress of(URI uri) {
    return new RelayAddress(normalize(uri));
  }

  /** {@code path} (relative, with its query) below this relay's base URL. */
  public URI resolve(String path) {
    return uri.resolve(path);
  }

  /**
   * A file name for this relay's state, readable by a person who looks into the state directory:
   * {@code http-127.0.0.1-3000.json} for {@code http://127.0.0.1:3000/}. Different addresses can in
   * theory share a name (any character outside {@code [a-z0-9.]} becomes {@code _}), so the file
   * also records its address and is checked against it.
   */
  public String fileName() {
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    String path = uri.getRawPath().replaceAll("^/+|/+$", "");
    String name =
        uri.getScheme() + "-" + uri.getHost() + "-" + port + (path.isEmpty() ? "" : "-" + path);
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_") + ".json";
  }

  @Override
  public String toString() {
    return uri.toString();
  }

  private static URI normalize(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.isOpaque()) {
      throw new IllegalArgumentException(
          "a relay address is an http:// or https:// URL, not '" + uri + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("a relay address needs a host name: '" + uri + "'");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "a relay address has no user name, query or fragment: '" + uri + "'");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return URI.create(
        scheme
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
            + (path.endsWith("/") ? path : path + "/"));
  }
}
