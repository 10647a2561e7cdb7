package io.paramant.admin.sectors;

import io.paramant.accounts.SectorList;
import java.net.URI;
import java.util.List;

/**
 * A sector relay of this deployment: its name and base URI.
 *
 * @param name e.g. {@code health}
 * @param uri e.g. {@code http://127.0.0.1:3001}, without a trailing slash
 */
public record Sector(String name, URI uri) {

  /**
   * Parses {@code paramant.sectors} with the one sector list rule the relays use ({@link
   * SectorList}, accounts module), so a list the relays accept is the console's list too. An empty
   * or blank value is no sector at all (the console then keeps nothing in sync).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<Sector> parseList(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return SectorList.parse(value).stream()
        .map(s -> new Sector(s.name(), withoutTrailingSlash(s.url())))
        .toList();
  }

  private static URI withoutTrailingSlash(String url) {
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  /** {@code path} (starting with '/') on this sector. */
  public URI resolve(String path) {
    return URI.create(uri + path);
  }
}
