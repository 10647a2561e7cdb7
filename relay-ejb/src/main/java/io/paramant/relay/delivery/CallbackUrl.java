package io.paramant.relay.delivery;

import io.paramant.relay.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook target as registered: an absolute {@code http} or {@code https} URL with a host, a port
 * from 1 to 65535 (or none), no user-info and no fragment, at most {@link #MAX_LENGTH} characters.
 *
 * @param uri the URL, as sent to
 * @param host the host as written in the URL (an IPv6 literal without its brackets)
 */
public record CallbackUrl(URI uri, String host) {

  static final int MAX_LENGTH = 2048;

  private static final int MAX_PORT = 65_535;

  /**
   * @throws InvalidInputException {@code missing_field} when absent
   * @throws DeliveryException {@code invalid_callback_url} when malformed, {@code
   *     webhook_target_refused} for a scheme other than http and https
   */
  static CallbackUrl parse(String text) {
    if (text == null) {
      throw new InvalidInputException("missing_field", "callback_url is required.");
    }
    if (text.length() > MAX_LENGTH) {
      throw DeliveryException.invalidCallbackUrl("is longer than " + MAX_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw DeliveryException.invalidCallbackUrl("is not a valid URL.");
    }
    if (!uri.isAbsolute() || uri.isOpaque()) {
      throw DeliveryException.invalidCallbackUrl("must be an absolute http or https URL.");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw DeliveryException.targetRefused("only http and https URLs are delivered to.");
    }
    if (uri.getRawUserInfo() != null) {
      throw DeliveryException.invalidCallbackUrl("must not contain user information.");
    }
    if (uri.getRawFragment() != null) {
      throw DeliveryException.invalidCallbackUrl("must not contain a fragment.");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw DeliveryException.invalidCallbackUrl("must name a host.");
    }
    // java.net.URI takes any decimal port; a TCP connection needs 1 to 65535 (-1: the scheme's).
    if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) {
      throw DeliveryException.invalidCallbackUrl("must use a port from 1 to " + MAX_PORT + ".");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new CallbackUrl(uri, host);
  }

  /**
   * Scheme, host and port only, for log lines: receivers often put a secret into the path or query
   * of their webhook URL.
   */
  String forLog() {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
