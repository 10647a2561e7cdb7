package io.paramant.admin.sectors;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sector relay of this deployment: its name and base URI.
 *
 * @param name e.g. {@code health}
 * @param uri e.g. {@code http://127.0.0.1:3001}, without a trailing slash
 */
public record Sector(String name, URI uri) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /**
   * Parses {@code paramant.sectors}: {@code name=url} pairs separated by commas, e.g. {@code
   * main=http://127.0.0.1:3000,health=http://127.0.0.1:3001}.
   *
   * @throws IllegalArgumentException naming the bad pair
   */
  public static List<Sector> parseList(String value) {
    Map<String, Sector> sectors = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      String item = pair.strip();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String name = eq < 0 ? "" : item.substring(0, eq).strip();
      String url = eq < 0 ? "" : item.substring(eq + 1).strip();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "paramant.sectors: '" + item + "' is not name=url with a lowercase sector name");
      }
      URI uri;
      try {
        uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("paramant.sectors: " + name + ": bad URL " + url, e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getRawQuery() != null) {
        throw new IllegalArgumentException(
            "paramant.sectors: " + name + ": expected an http(s) URL, got " + url);
      }
      if (sectors.put(name, new Sector(name, uri)) != null) {
        throw new IllegalArgumentException("paramant.sectors: sector " + name + " is listed twice");
      }
    }
    return List.copyOf(new ArrayList<>(sectors.values()));
  }

  /** {@code path} (starting with '/') on this sector. */
  public URI resolve(String path) {
    return URI.create(uri + path);
  }
}
