package io.paramant.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sector list rule: {@code paramant.sectors} ({@code PARAMANT_SECTORS}), a comma-separated list
 * of {@code name=url}, every sector of the deployment whether it runs or not, e.g. {@code
 * main=http://127.0.0.1:3000,iot=http://127.0.0.1:3004}. White space around entries, names and URLs
 * is ignored. The relays and the admin console read the same variable with this one rule, so a list
 * one of them accepts is accepted by the other.
 *
 * <p>A name is 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter
 * or digit, and appears once. A URL is an absolute {@code http} or {@code https} URL with a host
 * and no user, query or fragment (a path is allowed, for a relay behind a reverse proxy). A relay's
 * list must name its own sector. Anything else is refused as a whole, with the reason.
 *
 * <p>This was the relays' rule; the console had a second one (lowercase names of at most 32
 * characters, empty entries skipped, a user or fragment in a URL let through). The relays' rule
 * won: a deployment only runs with a list its relays accept (a relay refuses to deploy with any
 * other), so every running deployment's list is still accepted by both.
 */
public final class SectorList {

  /**
   * One sector of the list.
   *
   * @param name e.g. {@code main}
   * @param url its base URL as written, e.g. {@code http://127.0.0.1:3000} (a trailing slash kept)
   */
  public record Entry(String name, String url) {}

  /** The longest sector name. */
  public static final int MAX_NAME_CHARS = 32;

  private SectorList() {}

  /**
   * The sector name rule of the whole product: 1 to {@value #MAX_NAME_CHARS} characters of {@code
   * [a-z0-9-]}, starting with a letter or digit. It names a relay ({@code paramant.sector}), an
   * entry of the sector list, the sector field of every log leaf (ct-log's {@code LogEntry}, whose
   * bytes it fixes: PROTOCOL.md) and the sector's data directory, so it admits no character that
   * means something in a path.
   */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS || name.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A relay's list, which must name the relay's own sector.
   *
   * @param value the configured list
   * @param self this relay's sector ({@code paramant.sector})
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<Entry> parse(String value, String self) {
    List<Entry> sectors = parse(value);
    if (sectors.stream().noneMatch(s -> s.name().equals(self))) {
      throw malformed("it does not list this relay's own sector '" + self + "'");
    }
    return sectors;
  }

  /**
   * @param value the configured list
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<Entry> parse(String value) {
    List<Entry> sectors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int position = 0;
    for (String entry : value.split(",", -1)) {
      position++;
      String trimmed = entry.strip();
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        throw malformed("entry " + position + " '" + trimmed + "' is not name=url");
      }
      String name = trimmed.substring(0, equals).strip();
      String url = trimmed.substring(equals + 1).strip();
      if (!isValidName(name)) {
        throw malformed(
            "entry "
                + position
                + ": sector name '"
                + name
                + "' must be 1 to 32 lowercase letters, digits or '-', starting with a letter or"
                + " digit");
      }
      if (!names.add(name)) {
        throw malformed("sector " + name + " is listed twice");
      }
      sectors.add(new Entry(name, checkedUrl(name, url)));
    }
    return List.copyOf(sectors);
  }

  private static String checkedUrl(String name, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw malformed("sector " + name + ": '" + url + "' is not a URL (" + e.getReason() + ")");
    }
    if (!isBaseUrl(uri)) {
      throw malformed(
          "sector "
              + name
              + ": '"
              + url
              + "' must be an http(s) URL with a host and no user, query or fragment");
    }
    return url;
  }

  /**
   * The rule for a sector's URL, and for any base URL a relay is configured with (the console's,
   * {@code paramant.admin-url}): an absolute {@code http} or {@code https} URL (either case) with a
   * host and no user, query or fragment; a path is allowed.
   */
  public static boolean isBaseUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException(
        "paramant.sectors (PARAMANT_SECTORS) must be a comma-separated list of name=url,"
            + " e.g. main=http://127.0.0.1:3000,iot=http://127.0.0.1:3004: "
            + why);
  }
}
